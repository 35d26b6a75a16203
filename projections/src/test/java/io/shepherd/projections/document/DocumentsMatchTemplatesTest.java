package io.shepherd.projections.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.shepherd.events.DriftVerdict;
import io.shepherd.events.HealthLevel;
import io.shepherd.projections.Events;
import io.shepherd.projections.elastic.ElasticClients;

/** Every field a projection writes is mapped, with a type that accepts its JSON value: no dynamic-mapping surprise. */
class DocumentsMatchTemplatesTest {

    private static final Events E = new Events("fraud-scorer", "v7");
    private static final long T = 1_764_064_800_000L;

    static Stream<Object> events() {
        return Stream.of(E.drift("amount", T, 0.31, DriftVerdict.DRIFT), E.health(HealthLevel.NONE, HealthLevel.WARNING, T),
                E.performance(T, 3, 0.86, 0.85, 0.87), E.serving(T, 18, 41, 260), E.challenger("v8", T, 1),
                E.retraining(T), E.investigation(T), E.alertFired(HealthLevel.CRITICAL, T), E.alertResolved(T),
                E.rollback("v6", T), E.deadLetter("NAN_VALUE", 4, T));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everyFieldOfTheDocumentIsMappedWithACompatibleType(Object event) {
        ProjectedDocument doc = ProjectionCatalog.toDocument(event).orElseThrow();
        TemplateFields template = TemplateFields.of(ProjectionIndex.byIndexName(doc.index()));
        JsonNode json = ElasticClients.objectMapper().valueToTree(doc.source());

        List<String> problems = new ArrayList<>();
        check("", json, template, problems);

        assertThat(problems).as(doc.index()).isEmpty();
        assertThat(json.get("modelId").asText()).isEqualTo("fraud-scorer");
        assertThat(json.has("@timestamp")).isTrue();
    }

    private static void check(String prefix, JsonNode node, TemplateFields template, List<String> problems) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String path = prefix + field.getKey();
            String type = template.typeOf(path).orElse(null);
            JsonNode value = field.getValue().isArray() && !field.getValue().isEmpty() ? field.getValue().get(0) : field.getValue();
            if ("object-disabled".equals(type) || (field.getValue().isArray() && field.getValue().isEmpty())) {
                continue;
            }
            if (value.isObject()) {
                check(path + ".", value, template, problems);
            } else if (type == null) {
                problems.add(path + " is not mapped");
            } else if (!accepts(type, value)) {
                problems.add(path + " is " + value.getNodeType() + " but mapped as " + type);
            }
        }
    }

    private static boolean accepts(String type, JsonNode value) {
        if (value.isNumber()) {
            return Set.of("double", "long", "integer", "byte", "float").contains(type);
        }
        if (value.isBoolean()) {
            return type.equals("boolean");
        }
        return Set.of("keyword", "text", "date", "binary").contains(type);
    }
}
