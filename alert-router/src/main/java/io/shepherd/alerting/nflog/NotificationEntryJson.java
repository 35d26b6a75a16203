package io.shepherd.alerting.nflog;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON value of a notification-log record; {@code "v": 1} versions the format. */
public final class NotificationEntryJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationEntryJson() {
    }

    public static String write(NotificationEntry entry) {
        ObjectNode node = JSON.createObjectNode().put("v", 1).put("key", entry.key());
        ObjectNode firing = node.putObject("firing");
        new TreeMap<>(entry.firing()).forEach(firing::put);
        node.put("sentAt", entry.sentAt().toString()).put("outcome", entry.outcome());
        return node.toString();
    }

    public static NotificationEntry read(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node.path("v").asInt() != 1) {
                throw new IllegalArgumentException("unsupported notification-log format version " + node.path("v"));
            }
            Map<String, String> firing = new LinkedHashMap<>();
            node.path("firing").properties().forEach(e -> firing.put(e.getKey(), e.getValue().asText()));
            return new NotificationEntry(node.path("key").asText(), firing, Instant.parse(node.path("sentAt").asText()),
                    node.path("outcome").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("notification-log record is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
