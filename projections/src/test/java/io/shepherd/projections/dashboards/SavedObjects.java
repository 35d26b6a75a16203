package io.shepherd.projections.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.TemplateFields;

/** The Kibana saved objects of {@code dashboards/}, and the index templates behind each data view. */
record SavedObjects(List<JsonNode> objects) {

    static final Path DIR = Path.of("..", "dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();

    static SavedObjects load() {
        try (var files = Files.list(DIR)) {
            List<JsonNode> objects = files.filter(f -> f.toString().endsWith(".ndjson")).sorted()
                    .flatMap(SavedObjects::lines).toList();
            return new SavedObjects(objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.stream.Stream<JsonNode> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(SavedObjects::parse);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> o.path("type").asText().equals(type)).toList();
    }

    Optional<JsonNode> find(String type, String id) {
        return objects.stream().filter(o -> o.path("type").asText().equals(type) && o.path("id").asText().equals(id))
                .findFirst();
    }

    /** The templates of the indices a data view's title (comma-separated patterns, {@code *} wildcards) matches. */
    static List<TemplateFields> templatesOf(JsonNode dataView) {
        List<String> patterns = Arrays.stream(dataView.path("attributes").path("title").asText().split(","))
                .map(String::trim).toList();
        return Arrays.stream(ProjectionIndex.values())
                .filter(i -> patterns.stream().anyMatch(p -> i.indexName().matches(p.replace(".", "\\.").replace("*", ".*"))))
                .map(TemplateFields::of).toList();
    }
}
