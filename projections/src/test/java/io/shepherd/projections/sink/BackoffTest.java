package io.shepherd.projections.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumAndStartsOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

        assertThat(IntStream.range(0, 6).mapToObj(i -> backoff.next().toMillis()))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void neverOverflowsAfterManyFailures() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        IntStream.range(0, 100).forEach(i -> backoff.next());

        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(10));
    }
}
