package io.shepherd.alerting.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.shepherd.events.HealthLevel;

/**
 * Reads the routing file (YAML). Unknown keys, undefined receivers and bad durations are errors that name the place,
 * so a typo never silently drops alerts.
 */
public final class RoutingYaml {

    private static final Set<String> TOP_KEYS = Set.of("route", "receivers", "inhibitRules", "modelLabels");
    private static final Set<String> ROUTE_KEYS = Set.of("receiver", "matchers", "groupBy", "groupWait", "groupInterval", "repeatInterval", "continue", "routes");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private RoutingYaml() {
    }

    public static RoutingConfig parse(String yaml) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<String, Object> top = map(loaded, "routing file");
        checkKeys(top, TOP_KEYS, "routing file");
        List<ReceiverSpec> receivers = list(top.get("receivers"), "receivers").stream().map(RoutingYaml::receiver).toList();
        Route root = route(map(top.get("route"), "route"), "root", null);
        List<InhibitRule> inhibit = list(top.getOrDefault("inhibitRules", List.of()), "inhibitRules").stream().map(RoutingYaml::inhibitRule).toList();
        Map<String, Map<String, String>> modelLabels = new LinkedHashMap<>();
        map(top.getOrDefault("modelLabels", Map.of()), "modelLabels").forEach((model, labels) ->
                modelLabels.put(model, stringMap(labels, "modelLabels." + model)));
        RoutingConfig config = new RoutingConfig(root, receivers, inhibit, modelLabels);
        checkReceivers(root, config);
        return config;
    }

    public static Duration duration(String text) {
        java.util.regex.Matcher m = SHORT_DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use 30s, 5m, 4h, 1d or ISO-8601 like PT30S)");
        }
    }

    private static Route route(Map<String, Object> node, String id, Route parent) {
        checkKeys(node, ROUTE_KEYS, "route " + id);
        List<Matcher> matchers = list(node.getOrDefault("matchers", List.of()), "route " + id + " matchers").stream()
                .map(m -> Matcher.parse(String.valueOf(m))).toList();
        String receiver = text(node, "receiver", parent == null ? null : parent.receiver(), id);
        List<String> groupBy = node.containsKey("groupBy")
                ? list(node.get("groupBy"), "route " + id + " groupBy").stream().map(String::valueOf).toList()
                : parent == null ? List.of("modelId", "modelVersion") : parent.groupBy();
        Duration wait = durationOf(node, "groupWait", parent == null ? Duration.ofSeconds(30) : parent.groupWait(), id);
        Duration interval = durationOf(node, "groupInterval", parent == null ? Duration.ofMinutes(5) : parent.groupInterval(), id);
        Duration repeat = durationOf(node, "repeatInterval", parent == null ? Duration.ofHours(4) : parent.repeatInterval(), id);
        boolean cont = Boolean.TRUE.equals(node.get("continue"));
        Route self = new Route(id, matchers, receiver, groupBy, wait, interval, repeat, cont, List.of());
        List<Object> childNodes = list(node.getOrDefault("routes", List.of()), "route " + id + " routes");
        List<Route> children = new ArrayList<>();
        for (int i = 0; i < childNodes.size(); i++) {
            children.add(route(map(childNodes.get(i), "route " + id + "/" + i), id + "/" + i, self));
        }
        return new Route(id, matchers, receiver, groupBy, wait, interval, repeat, cont, children);
    }

    private static ReceiverSpec receiver(Object node) {
        Map<String, Object> receiver = map(node, "receiver");
        checkKeys(receiver, Set.of("name", "integrations"), "receiver");
        String name = text(receiver, "name", null, "receiver");
        List<ReceiverSpec.Integration> integrations = list(receiver.get("integrations"), "receiver " + name + " integrations").stream()
                .map(i -> integration(map(i, "integration of " + name), name)).toList();
        return new ReceiverSpec(name, integrations);
    }

    private static ReceiverSpec.Integration integration(Map<String, Object> node, String receiver) {
        checkKeys(node, Set.of("type", "levels"), "integration of " + receiver);
        Set<HealthLevel> levels = node.containsKey("levels")
                ? list(node.get("levels"), "levels of " + receiver).stream()
                        .map(l -> HealthLevel.valueOf(String.valueOf(l).toUpperCase(Locale.ROOT))).collect(Collectors.toSet())
                : Set.of(HealthLevel.WARNING, HealthLevel.CRITICAL, HealthLevel.EMERGENCY);
        return new ReceiverSpec.Integration(text(node, "type", null, "integration of " + receiver), levels);
    }

    private static InhibitRule inhibitRule(Object node) {
        Map<String, Object> rule = map(node, "inhibit rule");
        checkKeys(rule, Set.of("sourceMatchers", "targetMatchers", "equal"), "inhibit rule");
        return new InhibitRule(matchers(rule.get("sourceMatchers")), matchers(rule.get("targetMatchers")),
                list(rule.getOrDefault("equal", List.of()), "equal").stream().map(String::valueOf).toList());
    }

    private static List<Matcher> matchers(Object node) {
        return list(node == null ? List.of() : node, "matchers").stream().map(m -> Matcher.parse(String.valueOf(m))).toList();
    }

    private static void checkReceivers(Route route, RoutingConfig config) {
        if (route.receiver() == null) {
            throw new IllegalArgumentException("route " + route.id() + " has no receiver");
        }
        config.receiver(route.receiver());
        route.routes().forEach(child -> checkReceivers(child, config));
    }

    private static Duration durationOf(Map<String, Object> node, String key, Duration fallback, String where) {
        Object value = node.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return duration(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("route " + where + " " + key + ": " + e.getMessage());
        }
    }

    private static String text(Map<String, Object> node, String key, String fallback, String where) {
        Object value = node.get(key);
        if (value == null && fallback == null) {
            throw new IllegalArgumentException(where + ": '" + key + "' is required");
        }
        return value == null ? fallback : String.valueOf(value);
    }

    private static void checkKeys(Map<String, Object> node, Set<String> allowed, String where) {
        for (String key : node.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "', expected one of " + allowed);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String where) {
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": expected a mapping, got " + node);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<Object, Object>) m).forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static Map<String, String> stringMap(Object node, String where) {
        Map<String, String> result = new LinkedHashMap<>();
        map(node, where).forEach((k, v) -> result.put(k, String.valueOf(v)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node, String where) {
        if (!(node instanceof List<?> l)) {
            throw new IllegalArgumentException(where + ": expected a list, got " + node);
        }
        return (List<Object>) l;
    }
}
