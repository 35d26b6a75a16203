package io.shepherd.alerting.app;

import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.alerting.alert.HealthChange;
import io.shepherd.alerting.pipeline.EventSink;
import io.shepherd.alerting.pipeline.Router;
import io.shepherd.contract.Topics;

/**
 * The Kafka edge of the pipeline: each live health record goes to the router, or to the dead-letter topic when it
 * cannot be read. {@link HealthReplay} has rebuilt the state up to the committed offset before the first record.
 */
@Component
class ModelHealthListener {

    private final Router router;
    private final Clock clock;
    private final HealthDecoder decoder;
    private final DeadLetters deadLetters;

    ModelHealthListener(Router router, Clock clock, AlertRouterConfig config, DeadLetters deadLetters) {
        this.router = router;
        this.clock = clock;
        this.decoder = new HealthDecoder(config.serdeConfig());
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "model-health", idIsGroup = false, topics = Topics.MODEL_HEALTH, containerFactory = "healthListenerFactory")
    void onRecord(ConsumerRecord<String, byte[]> record) {
        HealthChange change;
        try {
            change = HealthChange.of(decoder.decode(record.value()));
        } catch (RuntimeException e) {
            deadLetters.undecodable(record, e);
            return;
        }
        try {
            router.onHealthChange(change, clock.instant(), true);
        } catch (EventSink.PublishFailed e) {
            // Delivered again with a backoff until it is published (KafkaWiring.healthErrorHandler): never skipped.
            throw e;
        } catch (RuntimeException e) {
            // Handling it again would fail again: kept whole on the dead letters, counted, and the partition goes on.
            deadLetters.unprocessable(record, e);
        }
    }
}
