package io.shepherd.streams.lifecycle;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.shepherd.events.DeadLettered;
import io.shepherd.streams.deadletter.DeadLetters;

/**
 * Sends the dead letters of rejected lifecycle records on, once. The model directory is a global store: every
 * instance reads the whole lifecycle topic, and none can forward from it. So the task of partition 0 of the processor
 * that uses this (there is one in the whole application) looks at the directory's rejected records on the wall clock
 * and sends each one not yet sent, remembering it in a logged store that moves with the task.
 */
public final class LifecycleDeadLetters {

    public static final String SENT = "lifecycle-dead-letters-sent";
    public static final Duration CHECK = Duration.ofSeconds(1);

    private final ModelDirectory directory;
    private final DeadLetters deadLetters;
    private final KeyValueStore<String, String> sent;

    private LifecycleDeadLetters(ModelDirectory directory, DeadLetters deadLetters, KeyValueStore<String, String> sent) {
        this.directory = directory;
        this.deadLetters = deadLetters;
        this.sent = sent;
    }

    /** Schedules the check on the task of partition 0 only. */
    public static void schedule(ProcessorContext<String, Object> context, ModelDirectory directory, DeadLetters deadLetters) {
        KeyValueStore<String, String> sent = context.getStateStore(SENT);
        if (context.taskId().partition() != 0) {
            return;
        }
        LifecycleDeadLetters letters = new LifecycleDeadLetters(directory, deadLetters, sent);
        context.schedule(CHECK, PunctuationType.WALL_CLOCK_TIME, now -> letters.sendNew());
    }

    void sendNew() {
        for (DeadLettered letter : directory.rejected()) {
            String id = letter.getEventId();
            if (sent.get(id) == null) {
                deadLetters.forward(letter);
                sent.put(id, letter.getReason());
            }
        }
    }

    public static StoreBuilder<KeyValueStore<String, String>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SENT), Serdes.String(), Serdes.String());
    }
}
