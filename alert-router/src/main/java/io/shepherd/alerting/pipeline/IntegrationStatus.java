package io.shepherd.alerting.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How an integration of a receiver is doing across its groups: how many notifications it has pending and, while any
 * of them keeps failing, since when, after how many failed attempts and why the last one failed.
 */
public record IntegrationStatus(String receiver, String integration, int pending, Optional<Instant> failingSince, int failedAttempts,
                                String lastReason) {

    public boolean failing() {
        return failingSince.isPresent();
    }

    /** Zero when it is not failing. */
    public Duration failingFor(Instant now) {
        return failingSince.map(since -> Duration.between(since, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
    }
}
