package io.shepherd.simulator.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.shepherd.config.Setting;
import io.shepherd.config.Settings;

/**
 * Writes the report page of whatever Shepherd published on a cluster, on demand: {@code ops/report [output.html]}.
 * Reads the output topics from their start until caught up.
 */
public final class ReportMain {

    static final List<Setting> SETTINGS = List.of(
            Setting.of("kafka.bootstrap.servers", "127.0.0.1:9092", "Kafka brokers"),
            Setting.of("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7", "Confluent-compatible schema registry"));

    private ReportMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment(SETTINGS);
        Path out = Path.of(args.length > 0 ? args[0] : ".shepherd/report.html").toAbsolutePath();
        RunData data = new RunData();
        try (TopicReader reader = new TopicReader(settings.get("kafka.bootstrap.servers"), settings.get("schema.registry.url"))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            do {
                reader.poll(Duration.ofMillis(500), event -> RunRows.of(event).ifPresent(data::add));
            } while (!reader.caughtUp() && System.nanoTime() < deadline);
        }
        write(out, data.snapshot(), "Shepherd report");
        System.out.println("report written: " + out);
    }

    public static void write(Path out, RunData.Snapshot run, String title) throws java.io.IOException {
        Files.createDirectories(out.getParent());
        Files.writeString(out, ReportPage.render(run, title, Instant.now()));
    }
}
