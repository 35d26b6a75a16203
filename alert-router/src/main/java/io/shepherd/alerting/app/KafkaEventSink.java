package io.shepherd.alerting.app;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.kafka.core.KafkaTemplate;

import io.shepherd.alerting.pipeline.EventSink;
import io.shepherd.serde.SchemaRegistryException;

/** Publishes an event and waits for the broker's acknowledgement, so that what the pipeline counts as done is stored. */
final class KafkaEventSink implements EventSink {

    private final KafkaTemplate<String, Object> template;

    KafkaEventSink(KafkaTemplate<String, Object> template) {
        this.template = template;
    }

    @Override
    public void publish(String topic, String key, SpecificRecord event) {
        java.util.concurrent.CompletableFuture<?> sent;
        try {
            sent = template.send(topic, key, event);
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                // The serializer could not reach the registry, or the producer the broker, before the send.
                throw new EventSink.PublishFailed("publishing to " + topic + " failed: " + e, e);
            }
            throw e;
        }
        await(sent, topic);
    }

    /** A failure that publishing again may get past: the registry or the broker, not the event itself. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException || t instanceof RetriableException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    static void await(java.util.concurrent.CompletableFuture<?> sent, String topic) {
        try {
            sent.get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventSink.PublishFailed("interrupted while publishing to " + topic, e);
        } catch (TimeoutException e) {
            throw new EventSink.PublishFailed("publishing to " + topic + " failed: no answer in 2 minutes", e);
        } catch (ExecutionException e) {
            if (isTransient(e.getCause())) {
                throw new EventSink.PublishFailed("publishing to " + topic + " failed: " + e.getCause(), e);
            }
            throw new IllegalStateException("publishing to " + topic + " failed: " + e.getCause(), e);
        }
    }
}
