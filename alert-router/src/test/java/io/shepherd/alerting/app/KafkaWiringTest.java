package io.shepherd.alerting.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.config.Settings;

/** The router's Kafka clients get the client properties passed through, over the router's own, secrets unprinted. */
class KafkaWiringTest {

    @Test
    void securityPropertiesFromTheEnvironmentReachTheProducersAndConsumers() {
        AlertRouterConfig config = AlertRouterConfig.from(Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_KAFKA_SECURITY_PROTOCOL", "SSL", "SHEPHERD_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/shepherd/ca.p12",
                "SHEPHERD_KAFKA_SSL_TRUSTSTORE_PASSWORD", "tru5tst0re", "SHEPHERD_KAFKA_CLIENT_ID", "router-7")));

        assertThat(KafkaWiring.producerProps(config)).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/shepherd/ca.p12").containsEntry("ssl.truststore.password", "tru5tst0re")
                .containsEntry("client.id", "router-7").containsEntry("acks", "all");
        assertThat(KafkaWiring.consumerProps(config)).containsEntry("security.protocol", "SSL").containsEntry("isolation.level", "read_committed");
        assertThat(config.toString()).contains("kafka.security.protocol=SSL", "kafka.ssl.truststore.password=<set>").doesNotContain("tru5tst0re");
    }
}
