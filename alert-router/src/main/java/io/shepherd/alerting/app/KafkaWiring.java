package io.shepherd.alerting.app;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.contract.KafkaAccessCheck;
import io.shepherd.contract.KafkaAcls;

/** Kafka clients of the router, configured from {@link AlertRouterConfig}: Avro events out, JSON state out, health in. */
@Configuration
@EnableKafka
class KafkaWiring {

    private static final Logger log = LoggerFactory.getLogger(KafkaWiring.class);

    /**
     * Refuses to start without the topic ACLs of the router's plan ({@link KafkaAcls#alertRouter}), naming every missing
     * operation and topic: a router that cannot read the health topic would otherwise wait in silence.
     */
    static void checkAcls(AlertRouterConfig config) {
        KafkaAccessCheck.require(config.kafkaClient().clientProperties(config.bootstrapServers()), KafkaAcls.alertRouter("the alert router's principal", config.groupId()));
    }

    static Map<String, Object> producerProps(AlertRouterConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "shepherd-alert-router");
        return config.kafkaClient().applyTo(props);
    }

    static Map<String, Object> consumerProps(AlertRouterConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config.kafkaClient().applyTo(props);
    }

    @Bean
    KafkaTemplate<String, Object> avroTemplate(AlertRouterConfig config) {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producerProps(config), new StringSerializer(),
                new EventSerializer(config.serdeConfig())));
    }

    @Bean
    KafkaTemplate<String, String> jsonTemplate(AlertRouterConfig config) {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producerProps(config), new StringSerializer(), new StringSerializer()));
    }

    /**
     * A health record whose handling failed (its alert event could not be published: the broker or the registry
     * refusing for a while) is delivered again, with a backoff growing to 10 s, for as long as it fails: never skipped,
     * since its offset would be committed with the alert event lost. Undecodable records never get here: the listener
     * dead-letters them.
     */
    static DefaultErrorHandler healthErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setRetryListeners((record, failure, attempt) -> {
            if (attempt == 1 || attempt % 10 == 0) {
                log.warn("health record {}-{}@{} failed (attempt {}), delivered again after a backoff (at most 10 s); the "
                        + "partition waits for it: {}", record.topic(), record.partition(), record.offset(), attempt, failure.toString());
            }
        });
        return handler;
    }

    /** The health listener is a static member of the router's group, see {@link GroupMembership}. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> healthListenerFactory(AlertRouterConfig config, HealthReplay listener) {
        Map<String, Object> props = GroupMembership.memberProps(config, consumerProps(config));
        log.info("health listener joins group {} as {}", config.groupId(),
                props.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) ? "static member " + props.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) : "a dynamic member");
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(GroupMembership.leavingOnClose(props, new StringDeserializer(), new ByteArrayDeserializer()));
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        factory.getContainerProperties().setConsumerRebalanceListener(listener);
        factory.setCommonErrorHandler(healthErrorHandler());
        return factory;
    }
}
