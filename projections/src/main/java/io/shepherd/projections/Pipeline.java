package io.shepherd.projections;

import java.time.Clock;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import io.shepherd.projections.consumer.ProjectionRunner;
import io.shepherd.projections.consumer.RecordMapper;
import io.shepherd.projections.consumer.RunnerOptions;
import io.shepherd.projections.deadletter.ProjectionDeadLetters;
import io.shepherd.projections.elastic.ElasticClients;
import io.shepherd.projections.sink.BulkSink;
import io.shepherd.projections.sink.OffsetTracker;
import io.shepherd.projections.sink.SinkOptions;

/** One consumer, one bulk sink and the loop between them, built from the configuration. */
public record Pipeline(ProjectionRunner runner, BulkSink sink, KafkaConsumer<byte[], byte[]> consumer) {

    /**
     * @param groupId the consumer group, or null for a replay outside any group
     */
    public static Pipeline build(ProjectionsConfig config, ElasticsearchClient client, String groupId,
                                 SinkOptions sinkOptions, RunnerOptions runnerOptions) {
        OffsetTracker tracker = new OffsetTracker();
        ProjectionDeadLetters deadLetters = new ProjectionDeadLetters(ElasticClients.objectMapper(), Clock.systemUTC());
        BulkSink sink = new BulkSink(client, tracker, deadLetters, sinkOptions);
        RecordMapper mapper = new RecordMapper(io.shepherd.serde.AvroSerdeConfig.configFor(config.schemaRegistryUrl(), config.registryClient()), deadLetters);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(config, groupId));
        ProjectionRunner runner = new ProjectionRunner(consumer, mapper, sink, tracker,
                ElasticClients.writable(config.elasticsearch()), runnerOptions);
        return new Pipeline(runner, sink, consumer);
    }

    static Properties consumerProperties(ProjectionsConfig config, String groupId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The streams app writes in exactly-once transactions: only what it committed is a fact to project.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId == null ? "shepherd-projections-rebuild" : groupId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.kafkaClient().properties().forEach(props::put);
        return props;
    }
}
