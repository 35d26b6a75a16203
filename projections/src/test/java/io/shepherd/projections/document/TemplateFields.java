package io.shepherd.projections.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.projections.elastic.IndexTemplates;

/**
 * The fields an index template maps, by dotted path: {@code scores} (an object with dynamic templates) is
 * {@code object-dynamic:<type>}, a disabled object is {@code object-disabled}.
 */
public record TemplateFields(ProjectionIndex index, Map<String, String> types) {

    public static TemplateFields of(ProjectionIndex index) {
        try (InputStream in = IndexTemplates.open(index)) {
            JsonNode mappings = new ObjectMapper().readTree(in).path("template").path("mappings");
            Map<String, String> types = new TreeMap<>();
            collect("", mappings.path("properties"), types);
            for (JsonNode dynamic : mappings.path("dynamic_templates")) {
                JsonNode rule = dynamic.elements().next();
                String path = rule.path("path_match").asText().replace(".*", "");
                types.put(path, "object-dynamic:" + rule.path("mapping").path("type").asText());
            }
            return new TemplateFields(index, types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(String prefix, JsonNode properties, Map<String, String> types) {
        for (Map.Entry<String, JsonNode> field : properties.properties()) {
            String path = prefix + field.getKey();
            JsonNode mapping = field.getValue();
            if (mapping.has("properties")) {
                collect(path + ".", mapping.path("properties"), types);
            } else if (mapping.path("enabled").asBoolean(true) && mapping.has("type") && !mapping.path("type").asText().equals("object")) {
                types.put(path, mapping.path("type").asText());
            } else if (!mapping.path("enabled").asBoolean(true)) {
                types.put(path, "object-disabled");
            }
        }
    }

    /** The type of a field, also for a field under a dynamic object ({@code scores.psi} is a double). */
    public Optional<String> typeOf(String path) {
        if (types.containsKey(path)) {
            return Optional.of(types.get(path));
        }
        int dot = path.lastIndexOf('.');
        if (dot > 0) {
            String parent = types.get(path.substring(0, dot));
            if (parent != null && parent.startsWith("object-dynamic:")) {
                return Optional.of(parent.substring("object-dynamic:".length()));
            }
        }
        return Optional.empty();
    }
}
