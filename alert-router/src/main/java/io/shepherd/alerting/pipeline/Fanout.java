package io.shepherd.alerting.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.RetryPolicy;

/**
 * Alertmanager's FanoutStage: every lane (receiver, integration, group) is notified on its own, so a receiver that is
 * slow, throttling or down delays no other receiver and no other group. Attempts run on the executor, at most one per
 * lane, so a hanging request holds only its own lane. A failure worth retrying is retried for as long as it fails,
 * with backoff; the retry waits for its due time, which {@link #pump} checks, never on a thread others need.
 */
public final class Fanout {

    /** One attempt to tell a receiver; empty when there was nothing to tell. */
    @FunctionalInterface
    public interface Attempt {
        Optional<Delivery> run(Set<String> owed, Instant now);
    }

    private static final Logger log = LoggerFactory.getLogger(Fanout.class);

    private final Map<LaneKey, Lane> lanes = new LinkedHashMap<>();
    private final Executor executor;
    private final RetryPolicy policy;
    private final Clock clock;
    private final RouterMetrics metrics;

    /** @param clock tells when an attempt ended, from which its retry is timed */
    public Fanout(Executor executor, RetryPolicy policy, Clock clock, RouterMetrics metrics) {
        this.executor = executor;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Asks the lane for an attempt about these alerts; it starts at the next {@link #pump} the lane is free and not backing off. */
    public synchronized void request(LaneKey key, Set<String> audience, Attempt attempt) {
        lanes.computeIfAbsent(key, Lane::new).want(audience, attempt);
    }

    /** Starts every attempt that is due; returns without waiting for them unless the executor runs them inline. */
    public void pump(Instant now) {
        List<Runnable> starts = new ArrayList<>();
        synchronized (this) {
            for (Lane lane : lanes.values()) {
                if (lane.startable(now)) {
                    Set<String> owed = lane.start();
                    Attempt attempt = lane.attempt();
                    starts.add(() -> run(lane, attempt, owed, now));
                }
            }
        }
        starts.forEach(executor::execute);
    }

    public synchronized boolean busy(LaneKey key) {
        return lanes.containsKey(key);
    }

    /** Whether any lane of the group has something to do; while it has, what the log says of the group may still change. */
    public synchronized boolean busyGroup(String group) {
        return lanes.keySet().stream().anyMatch(k -> k.group().equals(group));
    }

    /** Per receiver and integration with a pending notification. */
    public synchronized List<IntegrationStatus> status() {
        Map<List<String>, List<Lane>> byIntegration = lanes.values().stream().collect(Collectors.groupingBy(
                l -> List.of(l.key().receiver(), l.key().integration()), LinkedHashMap::new, Collectors.toList()));
        return byIntegration.values().stream().map(Fanout::status).toList();
    }

    private static IntegrationStatus status(List<Lane> lanes) {
        LaneKey key = lanes.get(0).key();
        List<Lane> failing = lanes.stream().filter(Lane::failing).toList();
        Optional<Instant> since = failing.stream().map(Lane::failingSince).min(Comparator.naturalOrder());
        String reason = failing.stream().max(Comparator.comparing(Lane::lastFailureAt)).map(Lane::lastReason).orElse("");
        return new IntegrationStatus(key.receiver(), key.integration(), lanes.size(), since,
                failing.stream().mapToInt(Lane::failures).sum(), reason);
    }

    private void run(Lane lane, Attempt attempt, Set<String> owed, Instant startedAt) {
        Optional<Delivery> outcome;
        try {
            outcome = attempt.run(owed, startedAt);
        } catch (RuntimeException e) {
            outcome = Optional.of(new Delivery.Retryable(lane.key().integration() + " failed: " + e, Optional.empty()));
        }
        Optional<Duration> retryIn;
        int failuresBefore;
        synchronized (this) {
            failuresBefore = lane.failures();
            retryIn = lane.finished(outcome, startedAt, clock.instant(), policy);
            if (lane.idle()) {
                lanes.remove(lane.key());
            }
        }
        outcome.ifPresent(o -> report(lane, o, failuresBefore, retryIn));
    }

    private void report(Lane lane, Delivery outcome, int failuresBefore, Optional<Duration> retryIn) {
        LaneKey key = lane.key();
        if (outcome.failureReason().isPresent()) {
            metrics.failed(key.receiver(), key.integration());
        }
        if (retryIn.isPresent()) {
            metrics.retried(key.receiver(), key.integration());
            int failures = failuresBefore + 1;
            if (failures <= 3 || failures % 10 == 0) {
                log.warn("notifying {} about {} failed (attempt {}), retrying in {}: {}", key.label(), key.group(), failures,
                        retryIn.get(), outcome.failureReason().orElse(""));
            }
            return;
        }
        boolean rejected = outcome instanceof Delivery.Rejected;
        metrics.notification(key.receiver(), key.integration(), rejected ? "rejected" : "sent");
        if (failuresBefore > 0 && !rejected) {
            log.info("{} took the notification about {} after {} failed attempts", key.label(), key.group(), failuresBefore);
        }
    }
}
