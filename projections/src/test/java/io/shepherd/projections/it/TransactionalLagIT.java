package io.shepherd.projections.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shepherd.contract.Topics;
import io.shepherd.events.DriftScored;
import io.shepherd.events.DriftVerdict;
import io.shepherd.projections.Events;
import io.shepherd.projections.ProjectionService;
import io.shepherd.projections.consumer.RunnerOptions;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.sink.SinkOptions;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/** Input written in transactions, as the exactly-once streams app writes it: once all is projected the lag reads 0. */
@ExtendWith(LocalStackExtension.class)
class TransactionalLagIT {

    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(12, ChronoUnit.HOURS).toEpochMilli();
    private static final RunnerOptions FAST = new RunnerOptions(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200));

    @Test
    void lagOfTransactionalInputIsZeroAtRestNotOnePerTransactionMarker(LocalStack stack) throws Exception {
        String model = "marker-it";
        Events events = new Events(model, "v1");
        List<Map.Entry<String, DriftScored>> keyed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // keys spread over the partitions, so that several end with a marker
            keyed.add(Map.entry(model + "-" + i, events.drift("f" + i, T0, 0.1, DriftVerdict.NO_DRIFT)));
        }
        try (Harness harness = new Harness(stack);
             ProjectionService service = ProjectionService.start(harness.config(Harness.group("marker-it")),
                     SinkOptions.defaults(), FAST)) {
            harness.sendTransactionally(Topics.DRIFT_SCORES, keyed, 7);
            Harness.await("40 documents", Duration.ofSeconds(60), () -> harness.count(ProjectionIndex.DRIFT_SCORES, model) == 40);

            Harness.await("lag 0 on every partition", Duration.ofSeconds(20), () -> service.pipeline().runner().lag().total() == 0);
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + service.monitoringPort() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("shepherd_projections_consumer_lag{topic=\"" + Topics.DRIFT_SCORES + "\"");
            assertThat(metrics.lines().filter(l -> l.startsWith("shepherd_projections_consumer_lag{")))
                    .isNotEmpty().allMatch(l -> l.endsWith("} 0"));
        }
    }
}
