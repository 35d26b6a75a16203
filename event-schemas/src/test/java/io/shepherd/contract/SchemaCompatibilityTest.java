package io.shepherd.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the event contract: every event has released versions in schemas/history, and the current schema can read
 * data written with every one of them (BACKWARD_TRANSITIVE). A change that breaks this fails the build.
 */
class SchemaCompatibilityTest {

    private static final Path HISTORY = Path.of("schemas", "history");

    static Stream<Schema> events() {
        return EventSchemas.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void currentSchemaReadsEveryReleasedVersion(Schema current) throws IOException {
        List<Schema> released = released(current.getName());

        assertThat(released).as("released versions of %s in %s", current.getName(), HISTORY).isNotEmpty();
        for (Schema old : released) {
            assertThat(incompatibilities(current, old)).as("%s reading data written with a released version", current.getFullName()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everyNamedTypeHasANamespaceAndEveryFieldADoc(Schema current) {
        List<String> missing = new ArrayList<>();
        checkDocs(current, missing, new HashSet<>());

        assertThat(missing).isEmpty();
    }

    @Test
    void aRequiredFieldAddedWithoutDefaultIsCaught() throws IOException {
        Schema current = EventSchemas.ALL.get(0);
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(current.getName()).namespace(current.getNamespace()).fields();
        current.getFields().forEach(f -> fields.name(f.name()).type(f.schema()).noDefault());
        Schema broken = fields.name("tenant").type().stringType().noDefault().endRecord();

        assertThat(incompatibilities(broken, released(current.getName()).get(0))).isNotEmpty();
    }

    @Test
    void aFieldWhoseTypeNarrowsIsCaught() throws IOException {
        Schema old = released("PredictionServed").get(0);
        String narrowed = old.toString().replace("{\"name\":\"latencyMs\",\"type\":\"double\"", "{\"name\":\"latencyMs\",\"type\":\"float\"");

        assertThat(narrowed).isNotEqualTo(old.toString());
        assertThat(incompatibilities(new Schema.Parser().parse(narrowed), old)).isNotEmpty();
    }

    static List<String> incompatibilities(Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        return result.getIncompatibilities().stream().map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage()).toList();
    }

    private static List<Schema> released(String name) throws IOException {
        Path dir = HISTORY.resolve(name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Schema> schemas = new ArrayList<>();
            for (Path file : files.filter(p -> p.toString().endsWith(".avsc")).sorted(Comparator.comparing(Path::toString)).toList()) {
                schemas.add(new Schema.Parser().parse(Files.readString(file)));
            }
            return schemas;
        }
    }

    private static void checkDocs(Schema schema, List<String> missing, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                requireNamed(schema, missing);
                for (Schema.Field field : schema.getFields()) {
                    if (field.doc() == null || field.doc().isBlank()) {
                        missing.add("field " + schema.getFullName() + "." + field.name() + " has no doc");
                    }
                    checkDocs(field.schema(), missing, seen);
                }
            }
            case ENUM -> requireNamed(schema, missing);
            case UNION -> schema.getTypes().forEach(t -> checkDocs(t, missing, seen));
            case ARRAY -> checkDocs(schema.getElementType(), missing, seen);
            case MAP -> checkDocs(schema.getValueType(), missing, seen);
            default -> {
            }
        }
    }

    private static void requireNamed(Schema schema, List<String> missing) {
        if (schema.getNamespace() == null || schema.getNamespace().isBlank()) {
            missing.add(schema.getName() + " has no namespace");
        }
        if (schema.getDoc() == null || schema.getDoc().isBlank()) {
            missing.add(schema.getFullName() + " has no doc");
        }
    }
}
