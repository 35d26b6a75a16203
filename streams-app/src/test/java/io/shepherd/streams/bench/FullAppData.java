package io.shepherd.streams.bench;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.shepherd.contract.Topics;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;

/**
 * The full app's input: a binary classifier's serving stream per model. Each request gives a PredictionServed (label,
 * probabilities, latency; 1 % fail with an error kind) and a FeaturesObserved with the same request id; 80 % of the
 * answered ones get an OutcomeObserved, keyed by request id, ten minutes of event time later, produced in event-time
 * order with the rest. The models are calibrated at the declared baseline accuracy of 0.9, except that half of them
 * lose 12 points of accuracy (and shift features) in the second half of the span, so windows escalate. Seeded.
 */
final class FullAppData {

    static final String[] CLASSES = {"fraud", "legit"};
    static final double BASELINE_ACCURACY = 0.9;
    static final long LABEL_DELAY_MS = 10 * 60_000L;
    static final double LABELLED = 0.8;
    static final double ERRORS = 0.01;
    private static final double ACCURACY_LOST = 0.12;

    /** What one {@link #produce} call published. */
    record Input(long firstEventTime, long lastEventTime, long predictions, long errors, long features, long outcomes, long bytes,
                 double produceSeconds) {

        long records() {
            return predictions + features + outcomes;
        }
    }

    /** Which topics a run of requests publishes to: all three, or predictions alone (labels that never arrive). */
    enum Shape { SERVING_STREAM, PREDICTIONS_ONLY }

    private FullAppData() {
    }

    /** DEPLOYED events of version v1 as champion, with the declared baseline accuracy, dated before any request. */
    static void deploy(String bootstrap, String registryUrl, List<String> models, long time) {
        try (Publisher out = new Publisher(bootstrap, registryUrl)) {
            for (String model : models) {
                ModelLifecycle deployed = ModelLifecycle.newBuilder().setEventId("deploy-" + model + "-" + BenchData.VERSION)
                        .setModelId(model).setEventTime(Instant.ofEpochMilli(time)).setType(LifecycleEventType.DEPLOYED)
                        .setToVersion(BenchData.VERSION).setVariant(Variant.CHAMPION).setBaseline(Map.of("accuracy", BASELINE_ACCURACY))
                        .setActor("full-app-benchmark").build();
                out.send(out.record(Topics.LIFECYCLE, deployed.getEventId(), time, deployed));
            }
        }
    }

    /**
     * Publishes {@code requests} requests spread evenly over {@code [first, first + spanMs)} of event time, round robin
     * over the models; request ids start with {@code idPrefix}. Serialized before sending (not the benchmark's time).
     */
    static Input produce(String bootstrap, String registryUrl, List<String> models, long requests, long first, long spanMs,
                         String idPrefix, Shape shape) {
        long started = System.nanoTime();
        long[] counts = new long[4];  // predictions, errors, features, outcomes
        SplittableRandom random = new SplittableRandom(idPrefix.hashCode());
        ArrayDeque<ProducerRecord<String, byte[]>> dueOutcomes = new ArrayDeque<>();
        long bytes;
        try (Publisher out = new Publisher(bootstrap, registryUrl)) {
            for (long i = 0; i < requests; i++) {
                int m = (int) (i % models.size());
                long time = first + (long) ((double) i * spanMs / requests);
                while (!dueOutcomes.isEmpty() && dueOutcomes.peek().timestamp() <= time) {
                    out.send(dueOutcomes.poll());
                }
                boolean degraded = m % 2 == 1 && time >= first + spanMs / 2;
                String requestId = idPrefix + i;
                PredictionServed served = prediction(random, models.get(m), requestId, time);
                out.send(out.record(Topics.PREDICTIONS, models.get(m), time, served));
                counts[0]++;
                counts[1] += served.getStatus() == ServingStatus.ERROR ? 1 : 0;
                if (shape == Shape.PREDICTIONS_ONLY) {
                    continue;
                }
                FeaturesObserved features = FeaturesObserved.newBuilder().setEventId("f-" + requestId).setRequestId(requestId)
                        .setModelId(models.get(m)).setModelVersion(BenchData.VERSION).setEventTime(Instant.ofEpochMilli(time))
                        .setFeatures(BenchData.features(random, degraded)).build();
                out.send(out.record(Topics.FEATURES, models.get(m), time, features));
                counts[2]++;
                if (served.getStatus() == ServingStatus.OK && random.nextDouble() < LABELLED) {
                    OutcomeObserved outcome = outcome(random, served, degraded, time + LABEL_DELAY_MS);
                    dueOutcomes.add(out.record(Topics.OUTCOMES, requestId, time + LABEL_DELAY_MS, outcome));
                    counts[3]++;
                }
            }
            dueOutcomes.forEach(out::send);
            bytes = out.bytes;
        }
        return new Input(first, first + (long) ((double) (requests - 1) * spanMs / requests), counts[0], counts[1], counts[2], counts[3],
                bytes, (System.nanoTime() - started) / 1e9);
    }

    /** Confidence uniform in [0.8, 1): calibrated, so accuracy is 0.9; 10 % of answers say fraud; latency log-normal, median 20 ms. */
    private static PredictionServed prediction(SplittableRandom random, String model, String requestId, long time) {
        PredictionServed.Builder p = PredictionServed.newBuilder().setEventId("p-" + requestId).setRequestId(requestId).setModelId(model)
                .setModelVersion(BenchData.VERSION).setEventTime(Instant.ofEpochMilli(time));
        if (random.nextDouble() < ERRORS) {
            String kind = random.nextBoolean() ? "TIMEOUT" : "BAD_INPUT";
            return p.setPrediction(Prediction.newBuilder().build()).setStatus(ServingStatus.ERROR).setErrorKind(kind)
                    .setLatencyMs(kind.equals("TIMEOUT") ? 1000 : 3).build();
        }
        double confidence = 0.8 + 0.2 * random.nextDouble();
        boolean fraud = random.nextDouble() < 0.1;
        double pFraud = fraud ? confidence : 1 - confidence;
        Prediction answer = Prediction.newBuilder().setLabel(fraud ? CLASSES[0] : CLASSES[1]).setScore(pFraud)
                .setProbabilities(Map.of(CLASSES[0], pFraud, CLASSES[1], 1 - pFraud)).build();
        double latency = 20 * Math.exp(0.4 * gaussian(random));
        return p.setPrediction(answer).setLatencyMs(latency).build();
    }

    /** The true class: the predicted one with probability {@code confidence} (less {@link #ACCURACY_LOST} when degraded). */
    private static OutcomeObserved outcome(SplittableRandom random, PredictionServed served, boolean degraded, long time) {
        double pFraud = served.getPrediction().getScore();
        double confidence = Math.max(pFraud, 1 - pFraud) - (degraded ? ACCURACY_LOST : 0);
        String predicted = served.getPrediction().getLabel();
        String truth = random.nextDouble() < confidence ? predicted : predicted.equals(CLASSES[0]) ? CLASSES[1] : CLASSES[0];
        return OutcomeObserved.newBuilder().setEventId("o-" + served.getRequestId()).setRequestId(served.getRequestId())
                .setModelId(served.getModelId()).setEventTime(Instant.ofEpochMilli(time)).setGroundTruth(truth).build();
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Sends serialized records, counts their value bytes, and on close flushes and fails if any send failed. */
    private static final class Publisher implements AutoCloseable {

        private final KafkaProducer<String, byte[]> producer;
        private final AvroSerializer<Object> avro = new AvroSerializer<>();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private long bytes;

        Publisher(String bootstrap, String registryUrl) {
            avro.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }

        ProducerRecord<String, byte[]> record(String topic, String key, long time, Object event) {
            return new ProducerRecord<>(topic, null, time, key, avro.serialize(topic, event));
        }

        void send(ProducerRecord<String, byte[]> record) {
            bytes += record.value().length;
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }

        @Override
        public void close() {
            producer.flush();
            producer.close();
            avro.close();
            if (failure.get() != null) {
                throw new IllegalStateException("producing the benchmark input failed", failure.get());
            }
        }
    }
}
