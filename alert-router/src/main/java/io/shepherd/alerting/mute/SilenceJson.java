package io.shepherd.alerting.mute;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shepherd.alerting.route.Matcher;

/**
 * Silences as JSON, in Alertmanager's shape: {@code {"id", "matchers": [{"name", "value", "isRegex", "isEqual"}],
 * "startsAt", "endsAt", "createdBy", "comment"}}. A matcher may also be written as a string like {@code cause="DRIFT"}.
 */
public final class SilenceJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SilenceJson() {
    }

    public static ObjectNode toJson(Silence silence) {
        ObjectNode node = JSON.createObjectNode().put("id", silence.id());
        ArrayNode matchers = node.putArray("matchers");
        silence.matchers().forEach(m -> matchers.addObject().put("name", m.name()).put("value", m.value())
                .put("isRegex", m.regex()).put("isEqual", m.equal()));
        return node.put("startsAt", silence.startsAt().toString()).put("endsAt", silence.endsAt().toString())
                .put("createdBy", silence.createdBy()).put("comment", silence.comment());
    }

    public static String write(Silence silence) {
        return toJson(silence).toString();
    }

    public static Silence read(String json) {
        return fromJson(tree(json), null, null);
    }

    /**
     * A silence from a request body: {@code id} is given by the caller (new or existing), {@code startsAt} defaults to
     * {@code now}. Errors name the field.
     */
    public static Silence fromRequest(String json, String id, Instant now) {
        return fromJson(tree(json), id, now);
    }

    /**
     * As {@link #fromRequest(String, String, Instant)}, written by an authenticated {@code author}: the author is the
     * {@code createdBy}, and a different name the body claims is kept beside it ({@code "ci for ana"}), so the body
     * cannot pass a silence off as someone else's.
     */
    public static Silence fromRequest(String json, String id, Instant now, String author) {
        JsonNode node = tree(json);
        if (node.isObject()) {
            String claimed = node.path("createdBy").asText("").strip();
            ((ObjectNode) node).put("createdBy", claimed.isEmpty() || claimed.equals(author) ? author : author + " for " + claimed);
        }
        return fromJson(node, id, now);
    }

    private static Silence fromJson(JsonNode node, String id, Instant now) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a silence must be a JSON object");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (JsonNode m : node.path("matchers")) {
            matchers.add(m.isTextual() ? Matcher.parse(m.asText())
                    : new Matcher(m.path("name").asText(), m.path("value").asText(), m.path("isRegex").asBoolean(false),
                            m.path("isEqual").asBoolean(true)));
        }
        Instant startsAt = node.hasNonNull("startsAt") ? instant(node, "startsAt") : now;
        if (startsAt == null) {
            throw new IllegalArgumentException("startsAt is required");
        }
        return new Silence(id != null ? id : node.path("id").asText(), matchers, startsAt, instant(node, "endsAt"),
                node.path("createdBy").asText(null), node.path("comment").asText(null));
    }

    private static Instant instant(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            throw new IllegalArgumentException(field + " is required (ISO-8601, for example 2026-01-31T12:00:00Z)");
        }
        try {
            return Instant.parse(node.get(field).asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant: " + node.get(field).asText());
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }
}
