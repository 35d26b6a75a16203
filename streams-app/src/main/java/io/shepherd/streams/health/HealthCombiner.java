package io.shepherd.streams.health;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.streams.state.Codec;
import io.shepherd.streams.state.CommitHook;
import io.shepherd.streams.state.LiveObjects;
import io.shepherd.streams.state.VersionedJsonCodec;

/**
 * The one place a model version's ModelHealthChanged comes from: every source (drift, performance, serving,
 * liveness, challenger) runs its own hysteresis and forwards its changes here; the version's overall level is the
 * highest source level ({@link SourceLevels}). A change of the overall level, a change of one source under it, and a
 * heartbeat are published, each listing every source above NONE.
 */
public final class HealthCombiner implements Processor<String, Object, String, Object> {

    public static final String NAME = "health-combiner";
    public static final String STORE = "health-levels";
    public static final String COMMIT = "health-levels-commit";
    public static final String SINK = "model-health-sink";
    /** Format 2 keeps each source's entry time and window; format 1 (levels and causes only) is still read. */
    public static final Codec<SourceLevels> CODEC = new VersionedJsonCodec<>((byte) 2, SourceLevels.class)
            .readingAlso((byte) 1, SourceLevelsFormat1.class, SourceLevelsFormat1::upgrade);

    /** Versions whose source levels are kept decoded in the heap; all are in the store already. */
    private static final int MAX_LIVE_LEVELS = 20_000;

    private ProcessorContext<String, Object> context;
    private LiveObjects<SourceLevels> levels;
    private CommitHook hook;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.hook = CommitHook.of(context, COMMIT);
        this.levels = LiveObjects.of(context, STORE, CODEC, MAX_LIVE_LEVELS, hook);
    }

    @Override
    public void close() {
        if (hook != null) {
            hook.close();
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        SourcedChange sourced = (SourcedChange) record.value();
        String key = sourced.versionKey();
        SourceLevels.Applied applied = levels.getOrCreate(key, SourceLevels::initial).apply(sourced.source(), sourced.change());
        levels.put(key, applied.levels());
        applied.announcement().ifPresent(announced -> context.forward(record.withKey(sourced.modelId())
                .withValue(HealthEvents.changed(sourced.modelId(), sourced.modelVersion(), sourced.variant(), announced))
                .withTimestamp(announced.decidedAt()), SINK));
    }
}
