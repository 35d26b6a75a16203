package io.shepherd.projections.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;

import io.shepherd.contract.Topics;
import io.shepherd.events.DriftScored;
import io.shepherd.events.DriftVerdict;
import io.shepherd.projections.Events;
import io.shepherd.projections.ProjectionsConfig;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.drift.DriftScoreProjection;
import io.shepherd.projections.elastic.ElasticClients;
import io.shepherd.projections.elastic.ElasticConnection;
import io.shepherd.projections.elastic.IndexTemplates;
import io.shepherd.projections.rebuild.Rebuild;
import io.shepherd.projections.sink.SinkOptions;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.StackOptions;

/**
 * Documents per second through the projection (Kafka consume, Avro decode, mapping, BulkIngester with the listener
 * that tracks offsets) against a bare BulkIngester loop writing the same documents, already built in memory, with the
 * same batch size, concurrency and external versioning, into the same freshly created index. Rounds alternate.
 * Usage: {@code projections/bench [--events N] [--rounds R]}.
 */
public final class ProjectionBenchmark {

    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 100_000);
        int rounds = intArg(args, "--rounds", 3);
        Path dir = Path.of(".shepherd", "bench-projections-" + ProcessHandle.current().pid()).toAbsolutePath();
        LocalStack.wipe(dir);
        try (LocalStack stack = LocalStack.start(StackOptions.ephemeral(dir))) {
            String url = stack.elasticsearch().httpUrl();
            ElasticsearchClient client = ElasticClients.create(ElasticConnection.plain(url));
            List<ProjectedDocument> documents = produce(stack, events);
            ProjectionsConfig config = new ProjectionsConfig(stack.bootstrapServers(), stack.registryUrl(), "bench",
                    ElasticConnection.plain(url), 0, io.shepherd.config.KafkaClientSettings.NONE,
                io.shepherd.config.RegistryClientSettings.NONE, SinkOptions.SLOW_REQUEST_AFTER);
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            List<Double> bare = new ArrayList<>();
            List<Double> projected = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                IndexTemplates.recreate(client, ProjectionIndex.DRIFT_SCORES);
                bare.add(rate(events, () -> bareLoop(client, documents)));
                long started = System.nanoTime();
                long records;
                records = Rebuild.run(config, client, List.of(ProjectionIndex.DRIFT_SCORES), round == rounds ? System.out : quiet);
                projected.add(events / seconds(started));
                System.out.printf(Locale.ROOT, "round %d: bare BulkIngester %,.0f docs/s, projection %,.0f docs/s (%,d records)%n",
                        round, bare.get(round - 1), projected.get(round - 1), records);
            }
            double b = median(bare);
            double p = median(projected);
            System.out.printf(Locale.ROOT, "%nmedian of %d rounds, %,d documents: bare BulkIngester %,.0f docs/s, "
                    + "projection %,.0f docs/s, ratio %.2f%n", rounds, events, b, p, p / b);
            client._transport().close();
        } finally {
            LocalStack.wipe(dir);
        }
    }

    private static List<ProjectedDocument> produce(LocalStack stack, int events) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        long t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(24, ChronoUnit.HOURS).toEpochMilli();
        DriftScoreProjection projection = new DriftScoreProjection();
        List<ProjectedDocument> documents = new ArrayList<>(events);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
            for (int i = 0; i < events; i++) {
                Events model = new Events("bench-model-" + (i % 20), "v" + (i % 3));
                DriftScored event = model.drift("feature-" + (i % 50), t0 + (i / 1000) * 60_000L, (i % 100) / 100.0,
                        i % 7 == 0 ? DriftVerdict.DRIFT : DriftVerdict.NO_DRIFT);
                producer.send(new ProducerRecord<>(Topics.DRIFT_SCORES, event.getModelId(), event));
                documents.add(projection.toDocument(event));
            }
            producer.flush();
        }
        return documents;
    }

    private static void bareLoop(ElasticsearchClient client, List<ProjectedDocument> documents) throws InterruptedException {
        SinkOptions options = SinkOptions.defaults();
        AtomicLong acknowledged = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(client).maxOperations(options.maxOperations())
                .maxConcurrentRequests(options.maxConcurrentRequests())
                .flushInterval(options.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                .listener(new BulkListener<>() {
                    @Override
                    public void beforeBulk(long id, BulkRequest request, List<Void> contexts) {
                    }

                    @Override
                    public void afterBulk(long id, BulkRequest request, List<Void> contexts, BulkResponse response) {
                        if (acknowledged.addAndGet(response.items().size()) >= documents.size()) {
                            done.countDown();
                        }
                    }

                    @Override
                    public void afterBulk(long id, BulkRequest request, List<Void> contexts, Throwable failure) {
                        throw new IllegalStateException("bulk failed", failure);
                    }
                }));
        for (ProjectedDocument doc : documents) {
            ingester.add(op -> op.index(i -> i.index(doc.index()).id(doc.id()).version(doc.version())
                    .versionType(VersionType.External).document(doc.source())));
        }
        ingester.flush();
        done.await();
        ingester.close();
    }

    interface Run {
        void run() throws Exception;
    }

    private static double rate(int events, Run run) throws Exception {
        long started = System.nanoTime();
        run.run();
        return events / seconds(started);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1].replace("_", ""));
            }
        }
        return fallback;
    }
}
