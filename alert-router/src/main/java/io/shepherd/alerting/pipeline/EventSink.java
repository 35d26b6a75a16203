package io.shepherd.alerting.pipeline;

import org.apache.avro.specific.SpecificRecord;

/** Publishes an event and returns once it is stored; throws {@link PublishFailed} when it could not be. */
public interface EventSink {

    void publish(String topic, String key, SpecificRecord event);

    /** The event was not stored (the broker or the registry refused or did not answer): publishing it again may succeed. */
    final class PublishFailed extends RuntimeException {

        public PublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
