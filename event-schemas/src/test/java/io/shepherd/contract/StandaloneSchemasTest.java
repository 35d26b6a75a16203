package io.shepherd.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each event has a self-contained schema file for producers in other languages, equal to the current schema. */
class StandaloneSchemasTest {

    static Stream<Schema> events() {
        return EventSchemas.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void theStandaloneFileParsesOnItsOwnAndIsTheCurrentSchema(Schema current) throws IOException {
        Path file = Path.of("schemas", "standalone", current.getName() + ".avsc");

        Schema standalone = new Schema.Parser().parse(Files.readString(file));

        assertThat(standalone).as("%s is the current schema; write %s.getClassSchema().toString(true) to it", file, current.getName())
                .isEqualTo(current);
    }
}
