package io.shepherd.alerting.it;

import static io.shepherd.alerting.it.RouterFixture.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shepherd.alerting.support.Events;
import io.shepherd.contract.Topics;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/**
 * Time from a {@code ModelHealthChanged} EMERGENCY acknowledged by the broker to the {@code RollbackRequested} on the
 * rollback topic, with the bundled routing file (10 s group wait, which an EMERGENCY skips). Baseline in the same
 * run: the same health record reaching a plain consumer of the health topic. Not part of the build; run with
 * {@code mvn -B test -pl alert-router -Dtest=RollbackLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(LocalStackExtension.class)
class RollbackLatencyBenchmark {

    private static final int WARMUP = 5;
    private static final int MEASURED = 40;
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void emergencyToRollbackCommand(LocalStack stack) throws Exception {
        String bundled = new String(RollbackLatencyBenchmark.class.getResourceAsStream("/io/shepherd/alerting/default-routing.yml").readAllBytes(),
                StandardCharsets.UTF_8);
        String run = UUID.randomUUID().toString().substring(0, 6);
        try (RouterFixture it = new RouterFixture(stack, bundled); Tail tail = new Tail(stack)) {
            for (int i = 0; i < WARMUP + MEASURED; i++) {
                it.lifecycle(Events.deployed(model(run, i), "v1", Variant.CHAMPION, T0.minus(Duration.ofDays(2))));
                it.lifecycle(Events.deployed(model(run, i), "v2", Variant.CHAMPION, T0.minus(Duration.ofDays(1))));
            }
            it.startRouter();
            List<Long> toRollback = new ArrayList<>();
            List<Long> toConsumer = new ArrayList<>();
            for (int i = 0; i < WARMUP + MEASURED; i++) {
                String model = model(run, i);
                it.health(Events.health(model, "v2", Variant.CHAMPION, HealthLevel.CRITICAL, HealthLevel.EMERGENCY, T0, "PERFORMANCE_DROP"));
                long acked = System.nanoTime();
                await("rollback of " + model, () -> tail.seen(Topics.ROLLBACK_COMMANDS, model) != null && tail.seen(Topics.MODEL_HEALTH, model) != null);
                if (i >= WARMUP) {
                    toRollback.add(tail.seen(Topics.ROLLBACK_COMMANDS, model) - acked);
                    toConsumer.add(tail.seen(Topics.MODEL_HEALTH, model) - acked);
                }
            }
            report(toRollback, toConsumer);
        }
    }

    private static String model(String run, int i) {
        return "bench-" + run + "-" + i;
    }

    private static void report(List<Long> toRollback, List<Long> toConsumer) throws Exception {
        String line = String.format(Locale.ROOT, "EMERGENCY -> RollbackRequested (n=%d): p50 %.0f ms, p95 %.0f ms, max %.0f ms; "
                        + "baseline health record -> plain consumer: p50 %.0f ms, p95 %.0f ms; ratio of medians %.1f",
                toRollback.size(), ms(toRollback, 0.5), ms(toRollback, 0.95), ms(toRollback, 1.0), ms(toConsumer, 0.5), ms(toConsumer, 0.95),
                ms(toRollback, 0.5) / Math.max(ms(toConsumer, 0.5), 0.001));
        System.out.println(line);
        Path out = Path.of("target", "benchmarks", "rollback-latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, line + "\n");
    }

    private static double ms(List<Long> nanos, double quantile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return sorted.get(Math.max(index, 0)) / 1e6;
    }

    /** Follows the health and rollback topics from their ends and notes when each model's first record arrived. */
    private static final class Tail implements AutoCloseable {

        private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Tail(LocalStack stack) {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.MODEL_HEALTH, Topics.ROLLBACK_COMMANDS)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(this::run, "bench-tail");
            thread.start();
        }

        private void run() {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    arrivals.putIfAbsent(record.topic() + "/" + record.key(), System.nanoTime());
                }
            }
            consumer.close();
        }

        Long seen(String topic, String model) {
            return arrivals.get(topic + "/" + model);
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
