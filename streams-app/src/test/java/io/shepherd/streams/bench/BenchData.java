package io.shepherd.streams.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.shepherd.contract.Topics;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;

/**
 * The benchmark's input: models spread evenly over the partitions of the features topic, their DEPLOYED events, and
 * feature events of 20 numeric and 3 categorical features with globally increasing event times, so nothing is late.
 * Half of the models shift some features in the second half of the span, so windows also score drift. Seeded.
 */
final class BenchData {

    static final String VERSION = "v1";
    static final int NUMERIC_FEATURES = 20;
    static final String[] CATEGORICAL = {"country", "device", "plan"};
    static final int FEATURES = NUMERIC_FEATURES + CATEGORICAL.length;
    private static final String[][] VOCABULARIES = {
            {"US", "DE", "FR", "GB", "IN", "BR", "JP", "CA", "ES", "IT", "NL", "SE", "PL", "MX", "AU", "KR", "CH", "BE", "AT", "IE"},
            {"ios", "android", "web", "tv"},
            {"free", "basic", "plus", "pro", "team", "business", "enterprise", "edu"}};
    private static final String[] NUMERIC_NAMES = numericNames();

    /** The input as produced: models, event-time range, events, their serialized bytes, and how long producing took. */
    record Input(List<String> models, long firstEventTime, long lastEventTime, long events, long bytes, double produceSeconds) {
    }

    private BenchData() {
    }

    /** Model ids such that each partition of the features topic holds exactly {@code models / partitions} of them. */
    static List<String> balancedModels(int models, int partitions) {
        if (models % partitions != 0) {
            throw new IllegalArgumentException(models + " models do not spread evenly over " + partitions + " partitions");
        }
        int[] perPartition = new int[partitions];
        List<String> chosen = new ArrayList<>();
        for (int i = 0; chosen.size() < models; i++) {
            String candidate = String.format("bench-model-%03d", i);
            int partition = Topics.partitionOf(candidate, partitions);
            if (perPartition[partition] < models / partitions) {
                perPartition[partition]++;
                chosen.add(candidate);
            }
        }
        return chosen;
    }

    /**
     * Publishes the DEPLOYED events, then the feature events (serialized before sending; the time here is not the
     * benchmark's), spread evenly over {@code spanMs} of event time ending an hour before now.
     */
    static Input produce(String bootstrap, String registryUrl, List<String> models, long events, long spanMs) {
        long last = System.currentTimeMillis() / 3_600_000L * 3_600_000L - 3_600_000L;
        long first = last - spanMs;
        Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        long started = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(bootstrap));
             AvroSerializer<Object> avro = new AvroSerializer<>()) {
            avro.configure(serde, false);
            for (String model : models) {
                ModelLifecycle deployed = ModelLifecycle.newBuilder().setEventId("deploy-" + model + "-" + VERSION)
                        .setModelId(model).setEventTime(Instant.ofEpochMilli(first - 60_000)).setType(LifecycleEventType.DEPLOYED)
                        .setToVersion(VERSION).setVariant(Variant.CHAMPION).setActor("throughput-benchmark").build();
                await(producer.send(new ProducerRecord<>(Topics.LIFECYCLE, null, first - 60_000, deployed.getEventId(),
                        avro.serialize(Topics.LIFECYCLE, deployed))));
            }
            SplittableRandom random = new SplittableRandom(42);
            Future<RecordMetadata> lastSend = null;
            for (long i = 0; i < events; i++) {
                int m = (int) (i % models.size());
                long time = first + (long) ((double) i * spanMs / events);
                boolean shifted = m % 2 == 1 && time >= first + spanMs / 2;
                FeaturesObserved event = event(models.get(m), i, time, features(random, shifted));
                byte[] value = avro.serialize(Topics.FEATURES, event);
                bytes += value.length;
                lastSend = producer.send(new ProducerRecord<>(Topics.FEATURES, null, time, models.get(m), value));
            }
            producer.flush();
            if (lastSend != null) {
                await(lastSend);
            }
        }
        return new Input(models, first, first + (long) ((double) (events - 1) * spanMs / events), events, bytes,
                (System.nanoTime() - started) / 1e9);
    }

    private static FeaturesObserved event(String model, long sequence, long time, Map<String, Object> features) {
        String id = model + "-" + sequence;
        return FeaturesObserved.newBuilder().setEventId(id).setRequestId("req-" + sequence).setModelId(model)
                .setModelVersion(VERSION).setEventTime(Instant.ofEpochMilli(time)).setFeatures(features).build();
    }

    /** Numeric feature k is normal(k, 1 + k/10), every fourth one log-normal; a shift moves the first five by one sd. */
    static Map<String, Object> features(SplittableRandom random, boolean shifted) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int k = 0; k < NUMERIC_FEATURES; k++) {
            double sd = 1 + k / 10.0;
            double z = gaussian(random) + (shifted && k < 5 ? 1.0 : 0.0);
            values.put(NUMERIC_NAMES[k], k % 4 == 3 ? Math.exp(z * 0.5) : k + sd * z);
        }
        for (int c = 0; c < CATEGORICAL.length; c++) {
            String[] vocabulary = VOCABULARIES[c];
            // Zipf-like: low indexes are frequent; a shift favours the rare end of the first vocabulary.
            int index = (int) Math.floor(vocabulary.length * Math.pow(random.nextDouble(), 2));
            if (shifted && c == 0) {
                index = vocabulary.length - 1 - index;
            }
            values.put(CATEGORICAL[c], vocabulary[index]);
        }
        return values;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static String[] numericNames() {
        String[] names = new String[NUMERIC_FEATURES];
        for (int k = 0; k < NUMERIC_FEATURES; k++) {
            names[k] = String.format("num%02d", k);
        }
        return names;
    }

    private static Properties producerProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    private static void await(Future<RecordMetadata> send) {
        try {
            send.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("producing the benchmark input failed", e.getCause());
        }
    }
}
