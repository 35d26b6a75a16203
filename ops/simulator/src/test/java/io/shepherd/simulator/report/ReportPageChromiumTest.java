package io.shepherd.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report page rendered by a real browser: headless Chromium runs its script, and the drawn SVG holds the run's
 * numbers. Skipped, saying why, only where no Chromium is installed (.ci/run installs Debian's package).
 */
class ReportPageChromiumTest {

    private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
    private static Optional<Path> chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").map(Path::of)
                .filter(Files::isExecutable).findFirst();
    }

    private static RunData.Snapshot run() {
        RunData data = new RunData();
        double[] psi = {0.02, 0.03, 1.8, 1.9, 0.01};
        for (int i = 0; i < psi.length; i++) {
            data.add(new RunData.Drift(T0 + i * 5_000, "fraud-scorer", "v2", "amount", "psi", psi[i], 0.2, psi[i] > 0.2 ? "DRIFT" : "NO_DRIFT"));
        }
        data.add(new RunData.Drift(T0 + 5_000, "recs-ranker", "v1", "user_embedding", "centroid_cosine", 0.001, 0.05, "NO_DRIFT"));
        data.add(new RunData.Level(T0 + 15_000, "fraud-scorer", "v2", "WARNING", List.of("DRIFT"), "amount drifted"));
        data.add(new RunData.Level(T0 + 40_000, "fraud-scorer", "v2", "CRITICAL", List.of("PERFORMANCE_DROP"), "accuracy -7.3 %"));
        data.add(new RunData.Level(T0 + 70_000, "fraud-scorer", "v2", "EMERGENCY", List.of("PERFORMANCE_DROP"), "accuracy -24.3 %"));
        double[] accuracy = {0.921, 0.853, 0.696};
        for (int i = 0; i < accuracy.length; i++) {
            data.add(new RunData.Performance(T0 + i * 30_000, T0 + i * 30_000 + 10_000, "fraud-scorer", "v2", "accuracy", accuracy[i], 0.92,
                    "OK", 1));
        }
        data.add(new RunData.Performance(T0 + 90_000, T0 + 100_000, "fraud-scorer", "v1", "accuracy", 0.917, 0.92, "OK", 2));
        data.add(new RunData.AlertChange(T0 + 41_000, "fraud-scorer:v2:PERFORMANCE_DROP", "fraud-scorer", "v2", "CRITICAL", "FIRING"));
        data.add(new RunData.AlertChange(T0 + 71_000, "fraud-scorer:v2:PERFORMANCE_DROP", "fraud-scorer", "v2", "EMERGENCY", "ESCALATED"));
        data.add(new RunData.AlertChange(T0 + 75_000, "fraud-scorer:v2:PERFORMANCE_DROP", "fraud-scorer", "v2", "EMERGENCY", "RESOLVED"));
        data.add(new RunData.Rollback(T0 + 71_500, "fraud-scorer", "v2", "v1", "PERFORMANCE_DROP at EMERGENCY", "k1"));
        data.add(new RunData.Lifecycle(T0 + 72_000, "fraud-scorer", "ROLLED_BACK", "v2", "v1", "shepherd-simulator"));
        return data.snapshot();
    }

    private String renderInChromium(RunData.Snapshot run) throws Exception {
        assumeTrue(chromium.isPresent(), "no Chromium at /usr/bin/chromium (Debian package 'chromium'): the page is not rendered here");
        Path page = dir.resolve("report.html");
        Files.writeString(page, ReportPage.render(run, "Shepherd demo: test </script> run", Instant.ofEpochMilli(T0)));
        Path screenshot = dir.resolve("report.png");
        browse("--screenshot=" + screenshot, "--window-size=1000,1600", page.toUri().toString());
        assertThat(screenshot).isNotEmptyFile();
        assertThat(Files.size(screenshot)).as("a screenshot with charts, not a blank page").isGreaterThan(20_000);
        return browse("--dump-dom", page.toUri().toString());
    }

    private String browse(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("chromium.err").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static List<String> attributes(String dom, String cssClass, String attribute) {
        Matcher m = Pattern.compile("<[^>]*class=\"" + cssClass + "\"[^>]*>").matcher(dom);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            Matcher a = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(m.group());
            values.add(a.find() ? a.group(1) : null);
        }
        return values;
    }

    @Test
    void theBrowserDrawsEveryDriftScoreLevelPerformanceWindowAlertAndRollbackOfTheRun() throws Exception {
        String dom = renderInChromium(run());

        assertThat(dom).contains("data-rendered=\"true\"");
        assertThat(attributes(dom, "pt-drift", "data-value")).hasSize(6).contains("1.8", "1.9", "0.001");
        assertThat(attributes(dom, "pt-level", "data-value")).containsExactly("1", "2", "3");
        assertThat(attributes(dom, "pt-perf", "data-value")).containsExactlyInAnyOrder("0.921", "0.853", "0.696", "0.917");
        assertThat(attributes(dom, "baseline", "data-value")).contains("0.92");
        assertThat(attributes(dom, "pt-alert", "data-change")).containsExactly("FIRING", "ESCALATED", "RESOLVED");
        assertThat(attributes(dom, "mk-rollback", "data-t")).contains(Long.toString(T0 + 71_500));
        assertThat(dom).contains("v2 → v1: PERFORMANCE_DROP at EMERGENCY (key k1)");
    }

    @Test
    void onlyTheLatestRevisionOfAPerformanceWindowIsDrawn() throws Exception {
        RunData data = new RunData();
        data.add(new RunData.Performance(T0, T0 + 10_000, "m", "v1", "accuracy", 0.70, 0.9, "EMERGENCY_DROP", 0));
        data.add(new RunData.Performance(T0, T0 + 10_000, "m", "v1", "accuracy", 0.88, 0.9, "OK", 1));

        assertThat(attributes(renderInChromium(data.snapshot()), "pt-perf", "data-value")).containsExactly("0.88");
    }

    @Test
    void aRunWithoutEventsSaysSoInsteadOfDrawingEmptyCharts() throws Exception {
        String dom = renderInChromium(new RunData().snapshot());

        assertThat(dom).contains("No escalation level changed during this run.", "No drift score was published during this run.",
                "No alert fired during this run.");
    }
}
