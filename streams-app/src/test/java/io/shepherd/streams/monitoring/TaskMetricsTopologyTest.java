package io.shepherd.streams.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shepherd.contract.Topics;
import io.shepherd.events.DriftScored;
import io.shepherd.events.Prediction;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.streams.AppTestDriver;
import io.shepherd.streams.policy.PolicyBook;

/**
 * Shepherd's own metrics of the streams app, as {@code /metrics} shows them: windows judged by kind, series held,
 * event-time lag and records held per task, state bytes written per store.
 */
class TaskMetricsTopologyTest {

    static final long MINUTE = 60_000;
    static final long T0 = 1_764_000_000_000L - 1_764_000_000_000L % MINUTE;
    static final String POLICY = """
            {"defaults": {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "PT0S",
              "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
              "serving": {"minRequests": 1},
              "liveness": {"noDataAfter": "P30D"}}}
            """;

    private AppTestDriver app;

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void windowsJudgedSeriesHeldEventTimeLagAndStateBytesAreCountedPerTask() throws Exception {
        // The wall clock is 10 minutes past the start of the data: a producer 7 min 20 s behind when it stops.
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0 + 10 * MINUTE);
        app.deploy("fraud", "v1", Variant.CHAMPION, T0, Map.of());
        for (int minute = 0; minute < 3; minute++) {
            for (int i = 0; i < 3; i++) {
                long time = T0 + minute * MINUTE + 10_000 + i * 15_000;
                app.serve("fraud", "v1", Variant.CHAMPION, time, Prediction.newBuilder().setScore(0.5).build(), 20, ServingStatus.OK);
                app.observe("fraud", "v1", time, Map.of("amount", (double) (time % 97), "age", (double) (time % 13)));
            }
        }
        String beforeTick = app.metricsText();
        app.advanceWallClock(Duration.ofSeconds(1));
        String text = app.metricsText();

        // Minutes 0 and 1 are closed by the version's clock at minute 2; minute 2 is still open.
        assertThat(value(text, "shepherd_streams_windows_judged_total", "kind=\"drift\"")).isEqualTo(2);
        assertThat(value(text, "shepherd_streams_windows_judged_total", "kind=\"serving\"")).isEqualTo(2);
        assertThat(value(text, "shepherd_streams_windows_judged_total", "kind=\"performance\"")).isZero();
        // The two features and the model's output are monitored: three series.
        assertThat(app.<DriftScored>read(Topics.DRIFT_SCORES).stream().map(DriftScored::getFeature).distinct()).hasSize(3);
        assertThat(value(text, "shepherd_streams_series_held", "")).isEqualTo(3);
        assertThat(beforeTick).doesNotContain("shepherd_streams_event_time_lag_ms{");
        // Latest event at T0 + 2 min 40 s; the wall clock at T0 + 10 min 1 s.
        assertThat(value(text, "shepherd_streams_event_time_lag_ms", "")).isEqualTo(10 * MINUTE + 1_000 - (2 * MINUTE + 40_000));
        assertThat(value(text, "shepherd_streams_records_held", "")).isZero();
        assertThat(value(text, "shepherd_streams_state_bytes_written_total", "store=\"drift-panes\"")).isGreaterThan(0);
        assertThat(value(text, "shepherd_streams_state_bytes_written_total", "store=\"serving-windows\"")).isGreaterThan(0);
        assertThat(text).contains("# TYPE shepherd_streams_windows_judged_total counter", "# TYPE shepherd_streams_series_held gauge",
                "kafka_stream_state_metrics_total_sst_files_size{", "kafka_stream_state_metrics_estimate_num_keys{");
    }

    /** The sum over tasks of a family's samples whose labels contain {@code label}. */
    private static double value(String text, String family, String label) {
        Matcher m = Pattern.compile("(?m)^" + family + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            if (m.group(1).contains(label)) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        assertThat(found).as("%s{%s} in\n%s", family, label, text).isTrue();
        return sum;
    }
}
