package io.shepherd.projections.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.TemplateFields;

/**
 * Every saved object in {@code dashboards/} parses, every reference resolves, and every field a visualization, saved
 * search or control uses exists in the index templates behind its data view with a type its aggregation accepts.
 */
class DashboardsTest {

    private static final Set<String> NUMERIC = Set.of("double", "long", "integer", "byte", "float");
    private static final Set<String> AGGREGATABLE = Set.of("keyword", "date", "boolean", "double", "long", "integer", "byte");
    private static final Map<String, Set<String>> TYPES_BY_OPERATION = Map.of(
            "date_histogram", Set.of("date"), "terms", AGGREGATABLE, "max", NUMERIC, "min", NUMERIC,
            "average", NUMERIC, "sum", NUMERIC, "median", NUMERIC, "percentile", NUMERIC,
            "unique_count", AGGREGATABLE, "last_value", AGGREGATABLE);
    private static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z@][\\w.@]*)\\s*:");

    private final SavedObjects saved = SavedObjects.load();

    @Test
    void everyObjectHasATypeAnIdAndAttributesAndIdsAreUnique() {
        assertThat(saved.objects()).isNotEmpty().allSatisfy(o -> {
            assertThat(o.path("type").asText()).isIn("index-pattern", "lens", "search", "dashboard");
            assertThat(o.path("id").asText()).isNotBlank();
            assertThat(o.path("attributes").path("title").asText()).isNotBlank();
        });
        assertThat(saved.objects().stream().map(o -> o.path("type").asText() + "/" + o.path("id").asText()))
                .doesNotHaveDuplicates();
        assertThat(saved.find("dashboard", "shepherd-model-health")).as("the id the alert router links to").isPresent();
    }

    @Test
    void everyReferenceResolvesToAnObjectOfItsType() {
        List<String> missing = new ArrayList<>();
        for (JsonNode o : saved.objects()) {
            for (JsonNode ref : o.path("references")) {
                if (saved.find(ref.path("type").asText(), ref.path("id").asText()).isEmpty()) {
                    missing.add(o.path("id").asText() + " -> " + ref);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyDataViewMatchesIndicesWhoseTemplatesMapItsTimeFieldAsADate() {
        assertThat(saved.ofType("index-pattern")).allSatisfy(view -> {
            List<TemplateFields> templates = SavedObjects.templatesOf(view);
            assertThat(templates).as(view.path("id").asText()).isNotEmpty();
            String timeField = view.path("attributes").path("timeFieldName").asText();
            assertThat(templates).allSatisfy(t -> assertThat(t.typeOf(timeField)).as(t.index() + " " + timeField).hasValue("date"));
        });
    }

    @Test
    void everyLensColumnUsesAFieldOfItsDataViewWithATypeItsOperationAccepts() {
        List<String> problems = new ArrayList<>();
        for (JsonNode lens : saved.ofType("lens")) {
            JsonNode layers = lens.path("attributes").path("state").path("datasourceStates").path("formBased").path("layers");
            for (Map.Entry<String, JsonNode> layer : layers.properties()) {
                JsonNode view = dataViewOf(lens, "indexpattern-datasource-layer-" + layer.getKey());
                layer.getValue().path("columns").forEach(column -> checkColumn(lens, view, column, problems));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void savedSearchColumnsAndSortFieldsExistInTheirDataView() {
        List<String> problems = new ArrayList<>();
        for (JsonNode search : saved.ofType("search")) {
            JsonNode view = dataViewOf(search, "kibanaSavedObjectMeta.searchSourceJSON.index");
            search.path("attributes").path("columns").forEach(c -> requireField(search, view, c.asText(), null, problems));
            search.path("attributes").path("sort").forEach(s -> requireField(search, view, s.get(0).asText(), Set.of("date"), problems));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void dashboardPanelsAndControlsResolveAndDrillDownFieldsAreKeywords() {
        JsonNode dashboard = saved.find("dashboard", "shepherd-model-health").orElseThrow();
        JsonNode attributes = dashboard.path("attributes");
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : SavedObjects.parse(attributes.path("panelsJSON").asText())) {
            String refName = panel.path("panelIndex").asText() + ":" + panel.path("panelRefName").asText();
            Optional<JsonNode> ref = reference(dashboard, refName);
            if (ref.isEmpty() || !ref.get().path("type").asText().equals(panel.path("type").asText())) {
                problems.add("panel " + refName + " has no reference of type " + panel.path("type").asText());
            }
        }
        JsonNode controls = SavedObjects.parse(attributes.path("controlGroupInput").path("panelsJSON").asText());
        for (Map.Entry<String, JsonNode> control : controls.properties()) {
            JsonNode view = dataViewOf(dashboard, "controlGroup_" + control.getKey() + ":optionsListDataView");
            requireField(dashboard, view, control.getValue().path("explicitInput").path("fieldName").asText(), Set.of("keyword"), problems);
        }
        assertThat(problems).isEmpty();
        assertThat(saved.ofType("lens").size() + saved.ofType("search").size()).isEqualTo(7);
        for (ProjectionIndex index : ProjectionIndex.values()) {
            assertThat(TemplateFields.of(index).typeOf("modelId")).as(index + " modelId").hasValue("keyword");
            assertThat(TemplateFields.of(index).typeOf("modelVersion")).as(index + " modelVersion").hasValue("keyword");
        }
    }

    private void checkColumn(JsonNode owner, JsonNode view, JsonNode column, List<String> problems) {
        String operation = column.path("operationType").asText();
        String field = column.path("sourceField").asText();
        if (!operation.equals("count")) {
            Set<String> accepted = TYPES_BY_OPERATION.get(operation);
            if (accepted == null) {
                problems.add(owner.path("id").asText() + ": operation " + operation + " is not checked by this test");
            } else {
                requireField(owner, view, field, accepted, problems);
            }
        }
        Matcher kql = KQL_FIELD.matcher(column.path("filter").path("query").asText());
        while (kql.find()) {
            requireField(owner, view, kql.group(1), null, problems);
        }
    }

    /** The field must be mapped in at least one index of the view, and with an accepted type wherever it is mapped. */
    private static void requireField(JsonNode owner, JsonNode view, String field, Set<String> accepted, List<String> problems) {
        List<String> types = SavedObjects.templatesOf(view).stream().map(t -> t.typeOf(field)).flatMap(Optional::stream).toList();
        String where = owner.path("id").asText() + " (" + view.path("attributes").path("title").asText() + "): " + field;
        if (types.isEmpty()) {
            problems.add(where + " is not mapped");
        } else if (accepted != null && !accepted.containsAll(types)) {
            problems.add(where + " is " + types + ", needs one of " + accepted);
        }
    }

    private JsonNode dataViewOf(JsonNode owner, String referenceName) {
        JsonNode ref = reference(owner, referenceName)
                .orElseThrow(() -> new AssertionError(owner.path("id").asText() + " has no reference " + referenceName));
        assertThat(ref.path("type").asText()).isEqualTo("index-pattern");
        return saved.find("index-pattern", ref.path("id").asText())
                .orElseThrow(() -> new AssertionError("no data view " + ref.path("id").asText()));
    }

    private static Optional<JsonNode> reference(JsonNode owner, String name) {
        for (JsonNode ref : owner.path("references")) {
            if (ref.path("name").asText().equals(name)) {
                return Optional.of(ref);
            }
        }
        return Optional.empty();
    }
}
