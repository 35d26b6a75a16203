package io.shepherd.projections.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;

import io.shepherd.projections.ProjectionsConfig;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.elastic.ElasticClients;
import io.shepherd.projections.elastic.ElasticConnection;
import io.shepherd.projections.sink.SinkOptions;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.LocalStack;

/** The real stack seen from a test: produce events through the real serde and registry, read documents back. */
final class Harness implements AutoCloseable {

    private final LocalStack stack;
    final ElasticsearchClient es;
    private final KafkaProducer<String, Object> producer;
    private final KafkaProducer<byte[], byte[]> rawProducer;

    Harness(LocalStack stack) {
        this.stack = stack;
        this.es = ElasticClients.create(ElasticConnection.plain(stack.elasticsearch().httpUrl()));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = avroProducer(props);
        Properties raw = new Properties();
        raw.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        rawProducer = new KafkaProducer<>(raw, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaProducer<String, Object> avroProducer(Properties props) {
        // Two record types share shepherd.alerts: each has its own subject (TopicRecordNameStrategy).
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", stack.registryUrl(),
                "value.subject.name.strategy", "TopicRecordNameStrategy"), false);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** Sends the events in transactions of {@code perTransaction}, as the exactly-once streams app writes. */
    void sendTransactionally(String topic, List<? extends Map.Entry<String, ? extends SpecificRecord>> keyed,
                             int perTransaction) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "harness-" + UUID.randomUUID());
        try (KafkaProducer<String, Object> transactional = avroProducer(props)) {
            transactional.initTransactions();
            for (int from = 0; from < keyed.size(); from += perTransaction) {
                transactional.beginTransaction();
                keyed.subList(from, Math.min(keyed.size(), from + perTransaction)).forEach(e ->
                        transactional.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())));
                transactional.commitTransaction();
            }
        }
    }

    ProjectionsConfig config(String groupId) {
        return new ProjectionsConfig(stack.bootstrapServers(), stack.registryUrl(), groupId,
                ElasticConnection.plain(stack.elasticsearch().httpUrl()), 0, io.shepherd.config.KafkaClientSettings.NONE,
                io.shepherd.config.RegistryClientSettings.NONE, SinkOptions.SLOW_REQUEST_AFTER);
    }

    static String group(String name) {
        return name + "-" + UUID.randomUUID();
    }

    void send(String topic, String key, SpecificRecord event) {
        try {
            producer.send(new ProducerRecord<>(topic, key, event)).get();
        } catch (Exception e) {
            throw new IllegalStateException("producing to " + topic + " failed", e);
        }
    }

    void sendRaw(String topic, byte[] value) {
        try {
            rawProducer.send(new ProducerRecord<>(topic, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("producing to " + topic + " failed", e);
        }
    }

    long count(ProjectionIndex index, String modelId) {
        try {
            es.indices().refresh(r -> r.index(index.indexName()).ignoreUnavailable(true));
            return es.count(c -> c.index(index.indexName()).ignoreUnavailable(true).query(byModel(modelId))).count();
        } catch (IOException e) {
            return -1;
        } catch (RuntimeException notYetThere) {
            return -1;
        }
    }

    /** Every document of the model in the index, by id. */
    Map<String, JsonNode> documents(ProjectionIndex index, String modelId) throws IOException {
        es.indices().refresh(r -> r.index(index.indexName()).ignoreUnavailable(true));
        Map<String, JsonNode> docs = new TreeMap<>();
        for (Hit<JsonNode> hit : es.search(s -> s.index(index.indexName()).size(10_000).query(byModel(modelId))
                .version(true), JsonNode.class).hits().hits()) {
            docs.put(hit.id() + "@v" + hit.version(), hit.source());
        }
        return docs;
    }

    static Query byModel(String modelId) {
        return Query.of(q -> q.term(t -> t.field("modelId").value(modelId)));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
        rawProducer.close();
        try {
            es._transport().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
