package io.shepherd.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** The documented fields of the receivers' APIs, checked on every request a test server records. */
final class PayloadRules {

    private PayloadRules() {
    }

    /** Slack incoming webhook with Block Kit: a text fallback, at most 50 blocks, header at most 150 characters. */
    static void slack(JsonNode message) {
        assertThat(message.path("text").asText()).as("text fallback").isNotBlank();
        JsonNode blocks = message.path("blocks");
        assertThat(blocks.isArray()).isTrue();
        assertThat(blocks.size()).isBetween(1, 50);
        for (JsonNode block : blocks) {
            assertThat(block.path("type").asText()).isIn("header", "section", "context", "actions", "divider");
            if (block.path("type").asText().equals("header")) {
                assertThat(block.path("text").path("type").asText()).isEqualTo("plain_text");
                assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(150);
            }
            if (block.path("type").asText().equals("section")) {
                assertThat(block.path("text").path("text").asText().length()).isBetween(1, 3000);
            }
        }
    }

    /** PagerDuty Events API v2. */
    static void pagerDuty(JsonNode event, String routingKey) {
        assertThat(event.path("routing_key").asText()).isEqualTo(routingKey);
        assertThat(event.path("event_action").asText()).isIn("trigger", "resolve");
        assertThat(event.path("dedup_key").asText()).isNotBlank().hasSizeLessThanOrEqualTo(255);
        if (event.path("event_action").asText().equals("trigger")) {
            JsonNode payload = event.path("payload");
            assertThat(payload.path("summary").asText()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
            assertThat(payload.path("source").asText()).isNotBlank();
            assertThat(payload.path("severity").asText()).isIn(Set.of("critical", "error", "warning", "info"));
            assertThat(payload.path("custom_details").isObject()).isTrue();
            for (JsonNode link : event.path("links")) {
                assertThat(link.path("href").asText()).startsWith("http");
            }
        }
    }

    static List<String> texts(List<JsonNode> nodes, String... path) {
        return nodes.stream().map(n -> {
            JsonNode at = n;
            for (String p : path) {
                at = at.path(p);
            }
            return at.asText();
        }).toList();
    }
}
