package io.shepherd.streams.serving;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.events.PredictionServed;
import io.shepherd.events.Variant;
import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.streams.health.Escalation;
import io.shepherd.streams.health.HealthCombiner;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.health.SourcedChange;
import io.shepherd.streams.health.WindowAssessment;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.monitoring.TaskMetrics;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.state.CommitHook;
import io.shepherd.streams.state.LiveObjects;
import io.shepherd.streams.state.TimeKeys;
import io.shepherd.streams.window.VersionClock;
import io.shepherd.streams.window.WindowGrid;
import io.shepherd.streams.window.WindowKernel;
import io.shepherd.streams.validation.Admitted;

/**
 * Serving health of every model version on this task: latency digests, requests and errors per tumbling window of
 * event time, judged against the model's SLA when the window closes (ServingHealthScored, then its own escalation),
 * and liveness: a serving version whose predictions stop for {@code liveness.noDataAfter} raises NO_DATA, one older
 * than {@code liveness.maxAge} raises STALE. Predictions come as the version gate read them, once ({@link Admitted}):
 * valid and of a deployed version.
 */
public final class ServingProcessor implements Processor<Object, Admitted, String, Object> {

    public static final String NAME = "serving-processor";
    public static final String WINDOWS = "serving-windows";
    public static final String PROGRESS = "serving-progress";
    public static final String COMMIT = "serving-commit";
    public static final String SINK = "serving-health-sink";
    /** Objects kept decoded in the heap per store; all are in the store already. */
    private static final int MAX_LIVE_OBJECTS = 20_000;

    private final ServingContext serving;
    private ProcessorContext<String, Object> context;
    private LiveObjects<ServingWindow> windows;
    private LiveObjects<ServingProgress> progress;
    private CommitHook hook;
    private ModelDirectory directory;
    private SilenceWatch liveness;
    /** Open window starts per version key, rebuilt from the store on start. */
    private final Map<String, TreeSet<Long>> open = new HashMap<>();
    private long streamTime = ServingProgress.NONE;
    private long nextSweep = ServingProgress.NONE;
    private Sensor windowsJudged;

    public ServingProcessor(ServingContext serving) {
        this.serving = serving;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        hook = CommitHook.of(context, COMMIT);
        windows = LiveObjects.of(context, WINDOWS, ServingWindow.CODEC, MAX_LIVE_OBJECTS, hook);
        progress = LiveObjects.of(context, PROGRESS, ServingProgress.CODEC, MAX_LIVE_OBJECTS, hook);
        directory = new ModelDirectory(context.getStateStore(ModelDirectory.STORE));
        // A task revived after an error is initialized again: only the stores' committed state counts.
        open.clear();
        streamTime = ServingProgress.NONE;
        nextSweep = ServingProgress.NONE;
        for (String key : windows.keysWithPrefix("")) {
            open.computeIfAbsent(TimeKeys.prefixOf(key), k -> new TreeSet<>()).add(TimeKeys.timeOf(key));
        }
        liveness = new SilenceWatch(context, progress, directory, serving.policies());
        windowsJudged = TaskMetrics.of(context, NAME).counter("windows-judged-total", "Windows closed and judged by the task",
                "kind", "serving");
        for (String key : progress.keysWithPrefix("")) {
            streamTime = Math.max(streamTime, progress.get(key).maxEventTime());
            liveness.track(key);
        }
        context.schedule(serving.wallClockCheck(), PunctuationType.WALL_CLOCK_TIME, liveness::checkWallClock);
    }

    @Override
    public void close() {
        if (hook != null) {
            hook.close();
        }
    }

    @Override
    public void process(Record<Object, Admitted> record) {
        // Read once, valid and of a deployed version: the version gate dead-lettered or held the others.
        PredictionServed p = record.value().prediction();
        ModelHistory.VersionState version = directory.version(p.getModelId(), p.getModelVersion()).orElseThrow();
        ModelPolicy policy = serving.policies().apply(p.getModelId());
        String key = p.getModelId() + "|" + p.getModelVersion();
        long time = p.getEventTime().toEpochMilli();
        WindowGrid grid = grid(policy);
        long start = grid.paneStart(time);
        ServingProgress prog = progress.getOrCreate(key, ServingProgress::initial);
        if (WindowKernel.wasClosed(grid, time, prog.lastClosedWindowEnd())) {
            return;
        }
        String windowKey = TimeKeys.of(key, start);
        windows.getOrCreate(windowKey, ServingWindow::new).add(p.getLatencyMs(), p.getStatus(), p.getErrorKind());
        windows.markDirty(windowKey);
        open.computeIfAbsent(key, k -> new TreeSet<>()).add(start);
        ServingProgress arrived = liveness.arrived(key, prog, time, variant(version));
        progress.put(key, arrived);
        streamTime = Math.max(streamTime, time);
        closeWindows(key, p.getModelId(), policy, serving.clock().of(arrived.maxEventTime(), streamTime));
        if (streamTime >= nextSweep) {
            nextSweep = streamTime + VersionClock.SWEEP_EVERY_MS;
            for (String other : new ArrayList<>(open.keySet())) {
                String modelId = other.substring(0, other.lastIndexOf('|'));
                closeWindows(other, modelId, serving.policies().apply(modelId), serving.clock().lagged(streamTime));
            }
        }
        liveness.checkStreamTime(streamTime);
    }

    /**
     * Closes the version's windows that its clock ({@link VersionClock}) has passed (end plus grace): another model's
     * events on this task must not close them. Silence, in contrast, is noticed on the task's stream time and the wall clock.
     */
    private void closeWindows(String key, String modelId, ModelPolicy policy, long clock) {
        TreeSet<Long> starts = open.get(key);
        if (starts == null) {
            return;
        }
        WindowGrid grid = grid(policy);
        long lastClosedEnd = progress.get(key).lastClosedWindowEnd();
        if (clock < WindowKernel.nextClose(grid, lastClosedEnd, starts)) {
            return;  // the common case, at every prediction: nothing closes yet
        }
        WindowKernel.Closing closing = WindowKernel.close(grid, lastClosedEnd, starts, clock);
        for (WindowKernel.Window window : closing.windows()) {
            close(key, modelId, window.start(), window.end(), policy);
        }
        starts.removeAll(closing.released());
        if (starts.isEmpty()) {
            open.remove(key);
        }
    }

    /** Serving health is judged per tumbling window of the policy's size. */
    private static WindowGrid grid(ModelPolicy policy) {
        return WindowGrid.tumbling(policy.windowSize().toMillis(), policy.gracePeriod().toMillis());
    }

    private void close(String key, String modelId, long start, long end, ModelPolicy policy) {
        String version = key.substring(modelId.length() + 1);
        String windowKey = TimeKeys.of(key, start);
        ServingWindow w = windows.get(windowKey);
        windows.delete(windowKey);
        Variant variant = directory.version(modelId, version).map(ServingProcessor::variant).orElse(Variant.CHAMPION);
        List<Signal> signals = ServingJudge.signals(w, policy.serving());
        windowsJudged.record();
        context.forward(new Record<String, Object>(modelId, ServingJudge.scored(modelId, version, variant, start, end, w, signals), end),
                SINK);
        ServingProgress prog = progress.get(key);
        if (!signals.isEmpty()) {
            Escalation.Decision decision = Escalation.evolve(prog.health(), new WindowAssessment(start, end, null, signals,
                    List.of(ServingJudge.eventId(modelId, version, start))), policy.hysteresis());
            decision.change().ifPresent(change -> context.forward(new Record<String, Object>(modelId,
                    new SourcedChange(SourcedChange.SERVING, modelId, version, variant, change), end), HealthCombiner.NAME));
            prog = prog.closed(end, decision.state());
        } else {
            prog = prog.closed(end, prog.health());
        }
        progress.put(key, liveness.windowClosed(key, prog, end, variant));
    }

    static Variant variant(ModelHistory.VersionState version) {
        return Variant.valueOf(version.variant());
    }
}
