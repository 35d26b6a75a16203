package io.shepherd.streams.pending;

import java.util.Optional;

/**
 * Reads which model version a raw record is about, without judging it: a record it cannot read is empty here and
 * left to the processors' own intake, which rejects it with its reason.
 */
@FunctionalInterface
public interface VersionPeek {

    /** The model id and version of a record. */
    record ModelVersion(String modelId, String version) {
    }

    Optional<ModelVersion> peek(String topic, byte[] value);
}
