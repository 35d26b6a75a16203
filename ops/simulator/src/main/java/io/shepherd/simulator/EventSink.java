package io.shepherd.simulator;

import java.time.Instant;

import org.apache.avro.specific.SpecificRecord;

/** Where the simulator's events go: Kafka through the real serde in a run, a list in tests. */
public interface EventSink {

    void send(String topic, String key, Instant timestamp, SpecificRecord value);
}
