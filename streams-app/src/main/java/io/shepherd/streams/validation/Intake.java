package io.shepherd.streams.validation;

import java.util.function.Function;

import io.shepherd.serde.SchemaRegistryException;

/**
 * What the edge of the app makes of one input record: the typed value, or the {@link Rejection} the dead-letter path
 * sends with it (and the model it names, when known). Every way a record can fail to decode ends here, so no
 * exception of a record reaches the stream thread; only a registry that may come back is thrown, so the record is
 * retried rather than dead-lettered.
 */
public record Intake<T>(T value, Rejection rejection, String modelId) {

    public static <T> Intake<T> accepted(T value) {
        return new Intake<>(value, null, null);
    }

    public static <T> Intake<T> rejected(Rejection rejection, String modelId) {
        return new Intake<>(null, rejection, modelId);
    }

    public boolean isAccepted() {
        return rejection == null;
    }

    /** The accepted value read further (which may reject it), or the same rejection. */
    public <U> Intake<U> flatMap(Function<T, Intake<U>> f) {
        return isAccepted() ? f.apply(value) : rejected(rejection, modelId);
    }

    /** The accepted value mapped, or the same rejection. */
    public <U> Intake<U> map(Function<T, U> f) {
        return isAccepted() ? accepted(f.apply(value)) : rejected(rejection, modelId);
    }

    /**
     * Decodes a record's value with {@code reader}: a registry failure gives its own reason (WRONG_MAGIC_BYTE,
     * UNKNOWN_SCHEMA_ID, UNUSABLE_SCHEMA, ...), anything else the reader throws (Avro's type and runtime errors, a
     * Kafka SerializationException, a null where the reader expected a value) gives UNDECODABLE.
     *
     * @throws SchemaRegistryException only a {@link SchemaRegistryException#retriable() retriable} one
     */
    public static <T> Intake<T> decode(byte[] value, Function<byte[], T> reader) {
        if (value == null) {
            return rejected(new Rejection(Rejection.UNDECODABLE, "record has no value"), null);
        }
        try {
            T decoded = reader.apply(value);
            return decoded == null ? rejected(new Rejection(Rejection.UNDECODABLE, "record decodes to nothing"), null) : accepted(decoded);
        } catch (SchemaRegistryException e) {
            if (e.retriable()) {
                throw e;
            }
            return rejected(new Rejection(e.reason(), e.getMessage()), null);
        } catch (RuntimeException e) {
            return rejected(new Rejection(Rejection.UNDECODABLE, e.toString()), null);
        }
    }
}
