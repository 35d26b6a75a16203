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
 * "startsAt", "endsAt", "createdBy", "comment", "updatedAt"}}. A matcher may also be written as a string like
 * {@code cause="DRIFT"}. A request body may carry the fields of a silence read from the API ({@code status},
 * {@code updatedAt}): they are ignored, so a silence read can be changed and posted back.
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
                .put("createdBy", silence.createdBy()).put("comment", silence.comment())
                .put("updatedAt", silence.updatedAt().toString());
    }

    /** A silence as Alertmanager's API answers it (its {@code gettableSilence}): with its {@code status.state} at {@code now}. */
    public static ObjectNode gettable(Silence silence, Instant now) {
        ObjectNode node = toJson(silence);
        node.putObject("status").put("state", silence.state(now));
        return node;
    }

    public static String write(Silence silence) {
        return toJson(silence).toString();
    }

    /** A silence as written by {@link #write}; one written before {@code updatedAt} was kept counts as updated when it started. */
    public static Silence read(String json) {
        JsonNode node = tree(json);
        Instant updatedAt = node.hasNonNull("updatedAt") ? instant(node, "updatedAt") : instant(node, "startsAt");
        return fromJson(node, null, null, updatedAt);
    }

    /** The {@code id} a request body names, the silence it would replace; "" when it names none. */
    public static String requestedId(String json) {
        return tree(json).path("id").asText("");
    }

    /**
     * A silence from a request body: {@code id} is given by the caller (new or existing), {@code startsAt} defaults to
     * {@code now}, which is also its {@code updatedAt}. Errors name the field.
     */
    public static Silence fromRequest(String json, String id, Instant now) {
        return requested(tree(json), id, now);
    }

    /**
     * As {@link #fromRequest(String, String, Instant)}, written by an authenticated {@code author}: the author is the
     * {@code createdBy}, and a different name the body claims is kept beside it ({@code "ci for ana"}), so the body
     * cannot pass a silence off as someone else's. A body that already names the author first (a silence read back
     * and posted again) keeps its {@code createdBy}.
     */
    public static Silence fromRequest(String json, String id, Instant now, String author) {
        JsonNode node = tree(json);
        if (node.isObject()) {
            ((ObjectNode) node).put("createdBy", createdBy(author, node.path("createdBy").asText("").strip()));
        }
        return requested(node, id, now);
    }

    /** Unlike a stored silence, which may have been expired the instant it began, a requested one must last. */
    private static Silence requested(JsonNode node, String id, Instant now) {
        Silence silence = fromJson(node, id, now, now);
        if (!silence.endsAt().isAfter(silence.startsAt())) {
            throw new IllegalArgumentException("a silence must end after it starts: " + silence.startsAt() + " .. " + silence.endsAt());
        }
        return silence;
    }

    private static String createdBy(String author, String claimed) {
        if (claimed.isEmpty() || claimed.equals(author)) {
            return author;
        }
        return claimed.startsWith(author + " for ") ? claimed : author + " for " + claimed;
    }

    private static Silence fromJson(JsonNode node, String id, Instant now, Instant updatedAt) {
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
                node.path("createdBy").asText(null), node.path("comment").asText(null), updatedAt);
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
