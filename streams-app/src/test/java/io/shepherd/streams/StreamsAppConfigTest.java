package io.shepherd.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.shepherd.config.Settings;

class StreamsAppConfigTest {

    @Test
    void defaultsTargetTheLocalStackWithExactlyOnce() {
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of()));

        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.streamThreads()).isEqualTo(1);
        // Changelog records of a model version with 1,000 features are over Kafka's 1 MB default (GrowthBenchmarkIT).
        assertThat(config.streamsProperties()).containsEntry("producer.max.request.size", 16 * 1024 * 1024)
                .containsEntry("topic.max.message.bytes", 16 * 1024 * 1024);
    }

    @Test
    void anInstanceIdMakesAStaticMemberAndStandbyReplicasAreASetting() {
        StreamsAppConfig dynamic = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of()));
        assertThat(dynamic.instanceId()).isEmpty();
        assertThat(dynamic.streamsProperties()).doesNotContainKey("group.instance.id").containsEntry("num.standby.replicas", 0);

        StreamsAppConfig stable = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(),
                Map.of("SHEPHERD_INSTANCE_ID", "shepherd-streams-0", "SHEPHERD_STANDBY_REPLICAS", "1")));
        assertThat(stable.streamsProperties()).containsEntry("group.instance.id", "shepherd-streams-0")
                .containsEntry("num.standby.replicas", 1);
        assertThat(StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(),
                Map.of("SHEPHERD_INSTANCE_ID", "none"))).streamsProperties()).doesNotContainKey("group.instance.id");
    }

    @Test
    void environmentOverridesAndUnknownGuaranteesAreRefused() {
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(),
                Map.of("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", "kafka:29092", "SHEPHERD_APPLICATION_ID", "shepherd-prod")));

        assertThat(config.bootstrapServers()).isEqualTo("kafka:29092");
        assertThat(config.applicationId()).isEqualTo("shepherd-prod");
        assertThat(config.versionClock().maxLag()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(),
                Map.of("SHEPHERD_VERSION_MAX_LAG_MS", "86400000"))).versionClock().maxLag()).isEqualTo(java.time.Duration.ofDays(1));
        assertThatThrownBy(() -> StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(),
                Map.of("SHEPHERD_PROCESSING_GUARANTEE", "exactly_once"))))
                .hasMessageContaining("exactly_once_v2 or at_least_once");
    }

    @Test
    void kafkaClientPropertiesFromTheEnvironmentReachEveryClientAndOutputCompressionIsASetting() {
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "SHEPHERD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "SHEPHERD_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"s\" password=\"pw\";",
                "SHEPHERD_OUTPUT_COMPRESSION", "none")));

        assertThat(config.streamsProperties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config").containsEntry("producer.compression.type", "none");
        assertThat(config.toString()).doesNotContain("password=");
    }
}
