package io.shepherd.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** POLICIES.md is the operator's reference: every field of the bundled defaults has a row stating its default. */
class PoliciesDocumentationTest {

    @Test
    void policiesMdDocumentsEveryFieldWithItsDefault() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("POLICIES.md")).stream()
                .filter(line -> line.startsWith("| `"))
                .toList();

        Map<String, String> fields = leaves(bundledDefaults(), "", new LinkedHashMap<>());

        assertThat(fields).hasSizeGreaterThan(30);
        fields.forEach((field, value) -> assertThat(rows)
                .as("a row of POLICIES.md for `%s` stating its default %s", field, value)
                .anySatisfy(row -> assertThat(row).startsWith("| `" + field + "` |").contains("`" + value + "`")));
    }

    private static JsonNode bundledDefaults() throws IOException {
        try (InputStream in = PoliciesDocumentationTest.class.getResourceAsStream("/shepherd-default-policy.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static Map<String, String> leaves(JsonNode node, String path, Map<String, String> into) {
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(field ->
                    leaves(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), into));
        } else {
            into.put(path, node.isTextual() ? node.textValue() : node.toString());
        }
        return into;
    }
}
