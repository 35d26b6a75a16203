package io.shepherd.streams.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shepherd.serde.SchemaRegistryException;

class IntakeTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new SchemaRegistryException.UnusableSchema("schema id 7", "\"io.shepherd.events.Variant\" is not a defined name",
                        null), "UNUSABLE_SCHEMA"),
                Arguments.of(new SchemaRegistryException.UnknownSchemaId(7, "not found"), "UNKNOWN_SCHEMA_ID"),
                Arguments.of(new SchemaRegistryException.WrongMagicByte("starts with 0x7b"), "WRONG_MAGIC_BYTE"),
                Arguments.of(new SchemaRegistryException.NotRegistered("no such subject"), "SCHEMA_NOT_REGISTERED"),
                Arguments.of(new AvroTypeException("Found string, expecting double"), Rejection.UNDECODABLE),
                Arguments.of(new AvroRuntimeException("Malformed data. Length is negative: -40"), Rejection.UNDECODABLE),
                Arguments.of(new SerializationException("cannot read"), Rejection.UNDECODABLE),
                Arguments.of(new NullPointerException(), Rejection.UNDECODABLE));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void everyFailureOfTheReaderIsARejectionWithItsReason(RuntimeException thrown, String reason) {
        Intake<Object> intake = Intake.decode(new byte[] {0, 0, 0, 0, 7}, v -> {
            throw thrown;
        });

        assertThat(intake.isAccepted()).isFalse();
        assertThat(intake.rejection().reason()).isEqualTo(reason);
        assertThat(intake.rejection().detail()).isNotBlank();
    }

    @Test
    void aRegistryThatMayComeBackIsThrownSoTheRecordIsRetried() {
        Function<byte[], Object> down = v -> {
            throw new SchemaRegistryException.RegistryUnavailable("connection refused", null);
        };

        assertThatThrownBy(() -> Intake.decode(new byte[] {0, 0, 0, 0, 7}, down))
                .isInstanceOf(SchemaRegistryException.RegistryUnavailable.class);
    }

    @Test
    void aRecordWithoutAValueIsUndecodableAndADecodedOneIsAccepted() {
        assertThat(Intake.decode(null, v -> "x").rejection().reason()).isEqualTo(Rejection.UNDECODABLE);
        assertThat(Intake.decode(new byte[] {1}, v -> "x").value()).isEqualTo("x");
    }
}
