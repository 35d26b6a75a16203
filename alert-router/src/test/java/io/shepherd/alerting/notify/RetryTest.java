package io.shepherd.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shepherd.alerting.notify.http.HttpReply;

class RetryTest {

    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(30));

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"200, Delivered", "202, Delivered", "429, Retryable", "500, Retryable", "503, Retryable",
            "400, Rejected", "403, Rejected", "404, Rejected", "413, Rejected"})
    void receiverStatusesDecideWhetherToRetry(int status, String outcome) {
        assertThat(new HttpReply(status, Optional.empty(), "").delivery("PagerDuty").getClass().getSimpleName()).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "after attempt {0} with Retry-After {1}s wait {2} ms")
    @CsvSource({"1, -1, 250", "2, -1, 500", "3, -1, 1000", "4, -1, 2000", "9, -1, 2000", "1000, -1, 2000", "1, 5, 5000", "1, 0, 250",
            "1, 120, 30000"})
    void backoffDoublesUpToItsCapAndHonoursRetryAfterUpToItsCap(int attempt, long retryAfterSeconds, long expectedMillis) {
        Optional<Duration> retryAfter = retryAfterSeconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(retryAfterSeconds));

        assertThat(POLICY.backoff(attempt, retryAfter)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void aConfiguredLongestWaitCapsBothTheBackoffAndRetryAfter() {
        RetryPolicy capped = RetryPolicy.DEFAULT.atMost(Duration.ofSeconds(2));

        assertThat(RetryPolicy.DEFAULT.backoff(1, Optional.of(Duration.ofSeconds(60)))).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryPolicy.DEFAULT.backoff(1, Optional.of(Duration.ofSeconds(3600)))).isEqualTo(Duration.ofSeconds(60));
        assertThat(capped.backoff(1, Optional.of(Duration.ofSeconds(60)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(capped.backoff(30, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(capped.backoff(1, Optional.empty())).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void reasonsNeverCarryTheReceiversUrlOrKey() {
        Delivery answer = new HttpReply(400, Optional.empty(), "bad request to https://hooks.slack.com/services/T0/B0/s3cr3t, key R0UT1NG")
                .delivery("Slack");

        assertThat(answer.without("https://hooks.slack.com/services/T0/B0/s3cr3t").without("R0UT1NG").failureReason())
                .hasValueSatisfying(reason -> assertThat(reason).doesNotContain("s3cr3t").doesNotContain("R0UT1NG").contains("HTTP 400"));
    }
}
