package io.shepherd.monitoring;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Kafka's client and Streams metrics (and the app's own sensors registered through them) in the Prometheus text
 * format: {@code <prefix>_<group>_<name>{<tags>} <value>}, names and tag keys reduced to {@code [a-zA-Z0-9_]}, one
 * TYPE line per family (gauge: Kafka's metrics carry no type; a {@code -total} metric is a counter). Non-numeric
 * metrics are left out. Metric groups named {@code shepherd-...} are the app's own and are not prefixed.
 */
public final class KafkaMetricsText {

    private static final String OWN_GROUPS = "shepherd-";

    private KafkaMetricsText() {
    }

    public static String render(String prefix, Map<MetricName, ? extends Metric> metrics) {
        Map<String, List<Map.Entry<MetricName, ? extends Metric>>> families = new TreeMap<>(metrics.entrySet().stream()
                .filter(e -> e.getValue().metricValue() instanceof Number)
                .collect(Collectors.groupingBy(e -> familyName(prefix, e.getKey()))));
        StringBuilder out = new StringBuilder();
        families.forEach((family, members) -> {
            String description = members.get(0).getKey().description();
            if (description != null && !description.isBlank()) {
                out.append("# HELP ").append(family).append(' ').append(escapeHelp(description)).append('\n');
            }
            out.append("# TYPE ").append(family).append(family.endsWith("_total") ? " counter\n" : " gauge\n");
            members.stream().sorted(Comparator.comparing(e -> labels(e.getKey().tags()))).forEach(e -> out.append(family)
                    .append(labels(e.getKey().tags())).append(' ').append(value(((Number) e.getValue().metricValue()).doubleValue()))
                    .append('\n'));
        });
        return out.toString();
    }

    /** Kafka's metrics under the prefix; an application's own groups named {@code shepherd-*} keep their name. */
    static String familyName(String prefix, MetricName name) {
        if (name.group().startsWith(OWN_GROUPS)) {
            return sanitize(name.group() + "_" + name.name());
        }
        return sanitize(prefix + "_" + name.group() + "_" + name.name());
    }

    static String sanitize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static String labels(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        return new TreeMap<>(tags).entrySet().stream()
                .map(t -> sanitize(t.getKey()) + "=\"" + t.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String escapeHelp(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
