package io.shepherd.alerting.notify.slack;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.notify.AlertText;
import io.shepherd.alerting.notify.KibanaLink;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.text.EvidenceText;

/**
 * A Block Kit message for an incoming webhook: a header, one section per alert with its top evidence, a Kibana
 * button per model version, and a plain-text fallback. Slack's limits are kept: at most 50 blocks, 150 characters
 * in a header, 3000 in a section.
 */
public final class SlackMessage {

    public static final int MAX_BLOCKS = 50;
    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SlackMessage() {
    }

    public static String build(Notification notification, String kibanaUrl) {
        List<Alert> alerts = new ArrayList<>(notification.firing());
        alerts.addAll(notification.resolved());
        ObjectNode message = JSON.createObjectNode();
        message.put("text", AlertText.truncate(fallback(notification), 4000));
        ArrayNode blocks = message.putArray("blocks");
        blocks.addObject().put("type", "header").set("text", plain(AlertText.truncate(title(notification), MAX_HEADER)));
        int room = MAX_BLOCKS - 2;
        for (int i = 0; i < alerts.size(); i++) {
            if (blocks.size() == room && i < alerts.size() - 1) {
                blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                        .put("text", "and " + (alerts.size() - i) + " more alerts in this group");
                break;
            }
            blocks.add(section(alerts.get(i)));
        }
        blocks.add(kibanaButtons(alerts, kibanaUrl));
        return message.toString();
    }

    /**
     * {@code [FIRING:2 CRITICAL] fraud-scorer v2: performance drop, drift}, causes by level; {@code [RESOLVED] fraud-scorer
     * v2: drift (rolled back)} when nothing fires any more. Truncated to Slack's 150 characters by the caller.
     */
    static String title(Notification n) {
        Alert first = n.firing().isEmpty() ? n.resolved().get(0) : n.firing().get(0);
        String version = first.modelId() + " " + first.modelVersion();
        if (n.firing().isEmpty()) {
            return "[RESOLVED] " + version + ": " + n.resolved().stream()
                    .map(a -> EvidenceText.label(a.cause()) + " (" + a.resolveReason() + ")").distinct().collect(Collectors.joining(", "));
        }
        String causes = n.firing().stream().sorted(Comparator.comparing(Alert::level).reversed())
                .map(a -> EvidenceText.label(a.cause())).distinct().collect(Collectors.joining(", "));
        return "[FIRING:" + n.firing().size() + " " + highest(n.firing()) + "] " + version + ": " + causes;
    }

    private static String highest(List<Alert> firing) {
        return firing.stream().map(Alert::level).max(Enum::compareTo).orElseThrow().name();
    }

    private static String fallback(Notification n) {
        StringBuilder text = new StringBuilder(title(n));
        n.firing().forEach(a -> text.append('\n').append(AlertText.summary(a)));
        n.resolved().forEach(a -> text.append('\n').append(AlertText.summary(a)));
        return text.toString();
    }

    /** The alert's one-line summary in bold, since when it holds, and its further measured facts. */
    private static ObjectNode section(Alert alert) {
        StringBuilder text = new StringBuilder("*").append(AlertText.summary(alert)).append("*");
        text.append("\n`").append(alert.cause()).append("` ").append(alert.resolved() ? "was " : "").append(alert.level())
                .append(" since ").append(TIME.format(alert.startsAt()));
        AlertText.topEvidence(alert).stream().skip(1).forEach(line -> text.append("\n\u2022 ").append(line));
        ObjectNode section = JSON.createObjectNode().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", AlertText.truncate(text.toString(), MAX_SECTION));
        return section;
    }

    private static ObjectNode kibanaButtons(List<Alert> alerts, String kibanaUrl) {
        ObjectNode actions = JSON.createObjectNode().put("type", "actions");
        ArrayNode elements = actions.putArray("elements");
        alerts.stream().map(a -> List.of(a.modelId(), a.modelVersion())).distinct().limit(25).forEach(mv -> {
            ObjectNode button = elements.addObject().put("type", "button");
            button.set("text", plain(AlertText.truncate("Kibana: " + mv.get(0) + " " + mv.get(1), 75)));
            button.put("url", KibanaLink.forVersion(kibanaUrl, mv.get(0), mv.get(1)));
        });
        return actions;
    }

    private static ObjectNode plain(String text) {
        return JSON.createObjectNode().put("type", "plain_text").put("text", text);
    }
}
