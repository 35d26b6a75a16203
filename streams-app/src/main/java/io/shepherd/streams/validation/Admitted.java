package io.shepherd.streams.validation;

import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.events.PredictionServed;
import io.shepherd.streams.drift.Observation;

/**
 * A feature or prediction record read once at the edge ({@link EdgeReader}), decoded and valid, as every processor
 * behind the version gate takes it: the typed event, and its bytes for a dead letter a processor may still send (an
 * event late for every window, a value whose type differs from the reference).
 *
 * @param prediction the decoded prediction; null for a features record
 */
public record Admitted(String topic, Observation observation, PredictionServed prediction, byte[] bytes) {

    public String modelId() {
        return observation.modelId();
    }

    public String version() {
        return observation.modelVersion();
    }

    /** The record as it was read, for a dead letter: the carrier's key, timestamp and headers, this record's bytes. */
    public Record<byte[], byte[]> original(Record<?, ?> carrier) {
        return new Record<>((byte[]) carrier.key(), bytes, carrier.timestamp(), carrier.headers());
    }
}
