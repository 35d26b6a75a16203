package io.shepherd.streams.validation;

/**
 * Reads a record of the features or predictions topic once, for every processor that reads it: decoded and valid, or
 * rejected with its reason. Whether its version is deployed yet is the version gate's question, not this one's.
 * Not thread-safe (it holds a deserializer): one per processor instance.
 */
@FunctionalInterface
public interface EdgeReader {

    Intake<Admitted> read(String topic, byte[] value);
}
