package io.shepherd.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shepherd.alerting.notify.http.HttpReply;

class RetryTest {

    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(30));

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"200, Delivered", "202, Delivered", "429, Retryable", "500, Retryable", "503, Retryable",
            "400, Rejected", "403, Rejected", "404, Rejected", "413, Rejected"})
    void receiverStatusesDecideWhetherToRetry(int status, String outcome) {
        assertThat(new HttpReply(status, Optional.empty(), "").delivery("PagerDuty").getClass().getSimpleName()).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "after attempt {0} with Retry-After {1}s wait {2} ms")
    @CsvSource({"1, -1, 250", "2, -1, 500", "3, -1, 1000", "4, -1, 2000", "9, -1, 2000", "1, 5, 5000", "1, 0, 250", "1, 120, 30000"})
    void backoffDoublesUpToItsCapAndHonoursRetryAfterUpToItsCap(int attempt, long retryAfterSeconds, long expectedMillis) {
        Optional<Duration> retryAfter = retryAfterSeconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(retryAfterSeconds));

        assertThat(POLICY.backoff(attempt, retryAfter)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void retriesUntilDeliveredWaitingAsTheReceiverAsks() {
        Deque<Delivery> replies = new ArrayDeque<>(List.of(
                new HttpReply(429, Optional.of("3"), "").delivery("PagerDuty"),
                new HttpReply(500, Optional.empty(), "").delivery("PagerDuty"),
                Delivery.DELIVERED));
        List<Duration> waits = new ArrayList<>();

        Delivery outcome = new Retrier(POLICY, waits::add, (attempt, failure, wait) -> { }).run(replies::poll);

        assertThat(outcome).isEqualTo(Delivery.DELIVERED);
        assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(500));
    }

    @Test
    void aRejectionIsNotRetriedAndGivingUpReturnsTheLastFailure() {
        List<Duration> waits = new ArrayList<>();
        Retrier retrier = new Retrier(POLICY, waits::add, (attempt, failure, wait) -> { });

        assertThat(retrier.run(() -> new Delivery.Rejected("bad"))).isInstanceOf(Delivery.Rejected.class);
        assertThat(waits).isEmpty();
        assertThat(retrier.run(() -> new Delivery.Retryable("down", Optional.empty()))).isInstanceOf(Delivery.Retryable.class);
        assertThat(waits).hasSize(POLICY.maxAttempts() - 1);
    }
}
