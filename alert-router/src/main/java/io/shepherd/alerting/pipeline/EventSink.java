package io.shepherd.alerting.pipeline;

import org.apache.avro.specific.SpecificRecord;

/** Publishes an event and returns once it is stored; throws when it could not be. */
public interface EventSink {

    void publish(String topic, String key, SpecificRecord event);
}
