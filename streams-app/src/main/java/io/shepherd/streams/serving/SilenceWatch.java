package io.shepherd.streams.serving;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;
import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.streams.health.Facts;
import io.shepherd.streams.health.HealthChange;
import io.shepherd.streams.health.HealthCombiner;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.health.SourcedChange;
import io.shepherd.streams.health.WindowAssessment;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.state.LiveObjects;
import io.shepherd.streams.window.LivenessClock;

/**
 * Liveness of the model versions on one task. A version still serving (per the lifecycle) whose predictions stop for
 * {@code liveness.noDataAfter} is silent: NO_DATA, CRITICAL, until its next prediction. Silence is noticed two ways:
 * on stream time, when other versions on the task move it past the silent one's last event (deterministic, and what
 * replays and tests drive), and on the wall clock, when nothing arrives at all and stream time stands still. Either way
 * the change is dated at the last event time plus {@code noDataAfter}, so its id is the same whichever noticed it.
 * A version deployed longer than {@code liveness.maxAge} ago is STALE, a WARNING. The rules are the window kernel's
 * ({@link LivenessClock}); this class keeps the versions' arrivals and announces the changes.
 */
final class SilenceWatch {

    private final ProcessorContext<String, Object> context;
    private final LiveObjects<ServingProgress> progress;
    private final ModelDirectory directory;
    private final Function<String, ModelPolicy> policies;
    private final Set<String> known = new HashSet<>();
    /** Wall-clock time of each version's last prediction in this process; not state: a restart waits a full period. */
    private final Map<String, Long> lastArrival = new HashMap<>();
    private long nextStreamCheck = Long.MIN_VALUE;

    SilenceWatch(ProcessorContext<String, Object> context, LiveObjects<ServingProgress> progress, ModelDirectory directory,
                 Function<String, ModelPolicy> policies) {
        this.context = context;
        this.progress = progress;
        this.directory = directory;
        this.policies = policies;
    }

    void track(String key) {
        known.add(key);
        lastArrival.put(key, context.currentSystemTimeMs());
    }

    /** A prediction arrived: a silent version recovers. */
    ServingProgress arrived(String key, ServingProgress prog, long eventTime, Variant variant) {
        track(key);
        ServingProgress seen = prog.saw(eventTime);
        if (prog.silent()) {
            announce(key, prog, false, prog.stale(), eventTime, variant);
        }
        nextStreamCheck = Math.min(nextStreamCheck, LivenessClock.silentAt(seen.maxEventTime(), noDataAfter(key)));
        return seen;
    }

    /** Staleness is judged when a window closes, on event time. */
    ServingProgress windowClosed(String key, ServingProgress prog, long windowEnd, Variant variant) {
        String modelId = modelOf(key);
        Optional<ModelHistory.VersionState> version = directory.version(modelId, key.substring(modelId.length() + 1));
        if (version.isEmpty()) {
            return prog;
        }
        var maxAge = policies.apply(modelId).liveness().maxAge();
        boolean stale = LivenessClock.isStale(windowEnd, version.get().deployedAt(), maxAge == null ? null : maxAge.toMillis());
        if (stale == prog.stale()) {
            return prog;
        }
        announce(key, prog, prog.silent(), stale, windowEnd, variant);
        return prog.withLiveness(prog.silent(), stale);
    }

    void checkStreamTime(long streamTime) {
        if (streamTime < nextStreamCheck) {
            return;
        }
        long next = Long.MAX_VALUE;
        for (String key : new ArrayList<>(known)) {
            ServingProgress prog = progress.get(key);
            if (prog == null || prog.silent() || prog.maxEventTime() == ServingProgress.NONE) {
                continue;
            }
            long silentAt = LivenessClock.silentAt(prog.maxEventTime(), noDataAfter(key));
            if (LivenessClock.silentOnStreamTime(prog.maxEventTime(), noDataAfter(key), streamTime)) {
                goSilent(key, prog, silentAt);
            } else {
                next = Math.min(next, silentAt);
            }
        }
        nextStreamCheck = next;
    }

    void checkWallClock(long now) {
        for (String key : new ArrayList<>(known)) {
            ServingProgress prog = progress.get(key);
            if (prog == null || prog.silent() || prog.maxEventTime() == ServingProgress.NONE) {
                continue;
            }
            long noData = noDataAfter(key);
            if (LivenessClock.silentOnWallClock(lastArrival.getOrDefault(key, now), noData, now)) {
                goSilent(key, prog, LivenessClock.silentAt(prog.maxEventTime(), noData));
            }
        }
    }

    private void goSilent(String key, ServingProgress prog, long at) {
        String modelId = modelOf(key);
        Optional<ModelHistory.VersionState> version = directory.version(modelId, key.substring(modelId.length() + 1));
        if (version.isEmpty() || version.get().status() != ModelHistory.Status.SERVING) {
            return;  // rolled back, replaced or retired: its traffic stopping is expected
        }
        announce(key, prog, true, prog.stale(), at, ServingProcessor.variant(version.get()));
        progress.put(key, prog.withLiveness(true, prog.stale()));
    }

    private void announce(String key, ServingProgress prog, boolean silent, boolean stale, long at, Variant variant) {
        HealthLevel before = ServingProgress.livenessLevel(prog.silent(), prog.stale());
        HealthLevel after = ServingProgress.livenessLevel(silent, stale);
        if (before == after) {
            return;
        }
        String modelId = modelOf(key);
        List<Signal> signals = new ArrayList<>();
        if (silent) {
            signals.add(silence(key, prog.maxEventTime(), at));
        }
        if (stale) {
            signals.add(age(key, at));
        }
        List<String> causes = signals.stream().filter(s -> s.severity().compareTo(after) >= 0).map(Signal::cause).toList();
        long since = silent ? prog.maxEventTime() : at;
        HealthChange change = new HealthChange(before, after, causes, false,
                new WindowAssessment(Math.min(since, at), at, null, signals, List.of()), signals);
        context.forward(new Record<String, Object>(modelId, new SourcedChange(SourcedChange.LIVENESS, modelId,
                key.substring(modelId.length() + 1), variant, change), at), HealthCombiner.NAME);
    }

    /** How long the version has been silent at {@code at}, counted from its last prediction. */
    private Signal silence(String key, long lastPrediction, long at) {
        return new Signal(Signal.NO_DATA, HealthLevel.CRITICAL, "model", at - lastPrediction, noDataAfter(key),
                "no prediction since event time " + lastPrediction, Facts.of("silence_ms").withSince(lastPrediction));
    }

    /** How old the version is at {@code at}, counted from its deployment; NaN if the directory no longer knows it. */
    private Signal age(String key, long at) {
        String modelId = modelOf(key);
        Duration maxAge = policies.apply(modelId).liveness().maxAge();
        Optional<Long> deployedAt = directory.version(modelId, key.substring(modelId.length() + 1))
                .map(ModelHistory.VersionState::deployedAt);
        Facts facts = Facts.of("age_ms");
        return new Signal(Signal.STALE, HealthLevel.WARNING, "model", deployedAt.map(deployed -> (double) (at - deployed)).orElse(Double.NaN),
                maxAge == null ? Double.NaN : maxAge.toMillis(), "older than liveness.maxAge",
                deployedAt.map(facts::withSince).orElse(facts));
    }

    private long noDataAfter(String key) {
        return policies.apply(modelOf(key)).liveness().noDataAfter().toMillis();
    }

    private static String modelOf(String key) {
        return key.substring(0, key.lastIndexOf('|'));
    }
}
