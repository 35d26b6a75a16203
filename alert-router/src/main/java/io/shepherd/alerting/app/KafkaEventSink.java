package io.shepherd.alerting.app;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;

import io.shepherd.alerting.pipeline.EventSink;

/** Publishes an event and waits for the broker's acknowledgement, so that what the pipeline counts as done is stored. */
final class KafkaEventSink implements EventSink {

    private final KafkaTemplate<String, Object> template;

    KafkaEventSink(KafkaTemplate<String, Object> template) {
        this.template = template;
    }

    @Override
    public void publish(String topic, String key, SpecificRecord event) {
        await(template.send(topic, key, event), topic);
    }

    static void await(java.util.concurrent.CompletableFuture<?> sent, String topic) {
        try {
            sent.get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing to " + topic + " failed: " + e, e);
        }
    }
}
