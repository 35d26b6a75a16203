package io.shepherd.alerting.route;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One label condition, as in Alertmanager: {@code name="value"}, {@code name!="value"}, {@code name=~"regex"},
 * {@code name!~"regex"}. A regex must match the whole value; a missing label has the value "".
 */
public record Matcher(String name, String value, boolean regex, boolean equal) {

    private static final Pattern SYNTAX = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(.*)\"|(.*?))\\s*");

    public Matcher {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a matcher needs a label name");
        }
        value = value == null ? "" : value;
        if (regex) {
            Pattern.compile(value);
        }
    }

    public static Matcher parse(String text) {
        java.util.regex.Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a matcher: '" + text + "' (expected name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\")");
        }
        String op = m.group(2);
        String value = m.group(4) != null ? m.group(4) : m.group(5);
        return new Matcher(m.group(1), value, op.endsWith("~"), op.startsWith("="));
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        boolean hit = regex ? Pattern.compile(value).matcher(actual).matches() : value.equals(actual);
        return hit == equal;
    }

    public static boolean all(List<Matcher> matchers, Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels));
    }

    @Override
    public String toString() {
        return name + (regex ? (equal ? "=~" : "!~") : (equal ? "=" : "!=")) + "\"" + value + "\"";
    }
}
