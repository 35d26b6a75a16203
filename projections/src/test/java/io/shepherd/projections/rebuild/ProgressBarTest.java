package io.shepherd.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressBarTest {

    @ParameterizedTest(name = "{0}/{1} after {2} s")
    @CsvSource(delimiter = ';', value = {
            "0; 1000; 0; [..............................]   0.0%  0/1,000 records  0 rec/s  ETA --:--:--",
            "500; 1000; 2; [###############...............]  50.0%  500/1,000 records  250 rec/s  ETA 0:00:02",
            "1000; 1000; 4; [##############################] 100.0%  1,000/1,000 records  250 rec/s  ETA 0:00:00",
            "0; 0; 1; [##############################] 100.0%  0/0 records  0 rec/s  ETA --:--:--",
            "7200; 7200000; 1; [..............................]   0.1%  7,200/7,200,000 records  7,200 rec/s  ETA 0:16:39"})
    void showsRecordsRateAndTimeLeft(long done, long total, long seconds, String expected) {
        assertThat(ProgressBar.format(done, total, Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @Test
    void printsAtMostTwiceASecondAndAlwaysTheLastLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get, "rebuild");

        bar.started(100);
        bar.advanced(10);
        now.addAndGet(100_000_000);
        bar.advanced(20);
        now.addAndGet(100_000_000);
        bar.advanced(100);

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(2)
                .allSatisfy(l -> assertThat(l).startsWith("rebuild ["));
    }
}
