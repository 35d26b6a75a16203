package io.shepherd.streams.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The JSON side of policies: reading documents, merging an override over its defaults field by field, and binding
 * the result to a {@link ModelPolicy}, with every failure turned into a {@link PolicyException} naming the field.
 */
final class PolicyJson {

    static final String DEFAULT_RESOURCE = "/shepherd-default-policy.json";

    /** Fields whose value is a free map (keys are feature names), merged entry by entry without a field check. */
    private static final Set<String> FREE_MAPS = Set.of("featureImportance");

    private static final ObjectMapper MAPPER = mapper();
    private static final ObjectNode BUNDLED_DEFAULTS = readBundledDefaults();

    private PolicyJson() {}

    /** A copy of the bundled defaults document; complete, with null for fields that do not apply. */
    static ObjectNode bundledDefaults() {
        return BUNDLED_DEFAULTS.deepCopy();
    }

    private static ObjectNode readBundledDefaults() {
        try (InputStream in = PolicyJson.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing from the class path");
            }
            return object(MAPPER.readTree(in), "bundled defaults " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    static JsonNode parse(String json, String owner) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new PolicyException(owner, "the document is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PolicyException(owner, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    static ObjectNode object(JsonNode node, String owner) {
        if (!node.isObject()) {
            throw new PolicyException(owner, "a policy must be a JSON object, got " + typeOf(node));
        }
        return (ObjectNode) node;
    }

    private static String typeOf(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /**
     * The override laid over the base: objects merge field by field, everything else (numbers, strings, null) replaces.
     * A field the base does not have is an error, so a typo never silently falls back to the default.
     */
    static ObjectNode merge(ObjectNode base, ObjectNode override, String owner) {
        ObjectNode merged = base.deepCopy();
        mergeInto(merged, override, "", owner);
        return merged;
    }

    private static void mergeInto(ObjectNode target, ObjectNode override, String path, String owner) {
        boolean freeMap = FREE_MAPS.contains(path);
        for (Map.Entry<String, JsonNode> field : override.properties()) {
            String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode current = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (current == null && !freeMap) {
                throw new PolicyException(owner, "unknown field '" + name + "'" + suggestion(target, field.getKey()));
            }
            if (current != null && current.isObject()) {
                if (!value.isObject()) {
                    throw new PolicyException(owner, "field '" + name + "' must be an object, got " + typeOf(value));
                }
                mergeInto((ObjectNode) current, (ObjectNode) value, name, owner);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static String suggestion(ObjectNode siblings, String unknown) {
        for (Iterator<String> it = siblings.fieldNames(); it.hasNext(); ) {
            String known = it.next();
            if (known.equalsIgnoreCase(unknown)
                    || editDistance(known.toLowerCase(Locale.ROOT), unknown.toLowerCase(Locale.ROOT)) <= 2) {
                return " (did you mean '" + known + "'?)";
            }
        }
        return "; known fields: " + String.join(", ", (Iterable<String>) siblings::fieldNames);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] row = new int[b.length() + 1];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                row[j] = Math.min(substitution, Math.min(previous[j], row[j - 1]) + 1);
            }
            previous = row;
        }
        return previous[b.length()];
    }

    /** Binds a complete (merged) policy document, turning Jackson's and the records' complaints into policy errors. */
    static ModelPolicy bind(ObjectNode complete, String owner) {
        try {
            return MAPPER.treeToValue(complete, ModelPolicy.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PolicyException(owner, cause.getMessage());
        } catch (UnrecognizedPropertyException e) {
            throw new PolicyException(owner, "unknown field '" + path(e) + "'");
        } catch (JsonMappingException e) {
            throw new PolicyException(owner, "field '" + path(e) + "' has a wrong type or format: "
                    + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new PolicyException(owner, firstLine(e.getOriginalMessage()));
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("shepherd-policy-time")
                .addDeserializer(Duration.class, new IsoDeserializer<>(Duration.class, Duration::parse,
                        "an ISO-8601 duration such as PT1H or PT30S"))
                .addDeserializer(Instant.class, new IsoDeserializer<>(Instant.class, Instant::parse,
                        "an ISO-8601 instant such as 2025-01-01T00:00:00Z"));
        JsonMapper mapper = JsonMapper.builder()
                .addModule(time)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    /** Durations and instants as ISO-8601 strings only: a bare number would leave the unit to guesswork. */
    private static final class IsoDeserializer<T> extends StdScalarDeserializer<T> {

        private static final long serialVersionUID = 1L;

        private final Class<T> type;
        private final transient Function<String, T> parser;
        private final String expected;

        IsoDeserializer(Class<T> type, Function<String, T> parser, String expected) {
            super(type);
            this.type = type;
            this.parser = parser;
            this.expected = expected;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return type.cast(ctxt.handleUnexpectedToken(type, p.currentToken(), p,
                        "expected %s, got %s", expected, p.getText()));
            }
            String text = p.getText().trim();
            try {
                return parser.apply(text);
            } catch (DateTimeParseException e) {
                return type.cast(ctxt.handleWeirdStringValue(type, text, "expected %s", expected));
            }
        }
    }
}
