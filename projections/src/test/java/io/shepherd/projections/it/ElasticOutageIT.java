package io.shepherd.projections.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shepherd.contract.Topics;
import io.shepherd.events.DriftVerdict;
import io.shepherd.projections.Events;
import io.shepherd.projections.ProjectionService;
import io.shepherd.projections.consumer.RunnerOptions;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.sink.SinkOptions;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/** Elasticsearch stopped for 30 s while events keep arriving: once it is back, every event is a document. */
@ExtendWith(LocalStackExtension.class)
class ElasticOutageIT {

    private static final String MODEL = "outage-it";
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(12, ChronoUnit.HOURS).toEpochMilli();

    @Test
    void stoppingElasticsearchForThirtySecondsWhileEventsFlowLosesNothing(LocalStack stack) throws Exception {
        Events events = new Events(MODEL, "v1");
        try (Harness harness = new Harness(stack);
             ProjectionService service = ProjectionService.start(harness.config(Harness.group("outage-it")),
                     SinkOptions.defaults(), new RunnerOptions(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(500)))) {
            int sent = 0;
            for (; sent < 50; sent++) {
                harness.send(Topics.DRIFT_SCORES, MODEL, events.drift("f" + sent, T0, 0.1, DriftVerdict.NO_DRIFT));
            }
            int before = sent;
            Harness.await("the first 50 documents", Duration.ofSeconds(60), () -> harness.count(ProjectionIndex.DRIFT_SCORES, MODEL) == before);

            stack.stopElasticsearch();
            long restartAt = System.nanoTime() + OUTAGE.toNanos();
            while (System.nanoTime() < restartAt) {
                for (int i = 0; i < 10; i++, sent++) {
                    harness.send(Topics.DRIFT_SCORES, MODEL, events.drift("f" + sent, T0, 0.1, DriftVerdict.NO_DRIFT));
                }
                Thread.sleep(250); // the pace of the event flow, not a wait for a condition
            }
            assertThat(service.pipeline().sink().counters().failedRequests()).as("bulk requests that met the outage").isPositive();
            assertThat(service.pipeline().runner().lag().total()).as("lag during the outage").isPositive();

            stack.elasticsearch();
            int total = sent;
            Harness.await(total + " documents after the restart", Duration.ofSeconds(120),
                    () -> harness.count(ProjectionIndex.DRIFT_SCORES, MODEL) == total);
            Harness.await("the lag back to zero", Duration.ofSeconds(60), () -> service.pipeline().runner().lag().total() == 0);
            assertThat(harness.count(ProjectionIndex.PROJECTION_DEAD_LETTERS, MODEL)).isLessThanOrEqualTo(0);
        }
    }
}
