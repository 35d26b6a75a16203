package io.shepherd.streams.state;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;

import io.shepherd.streams.monitoring.TaskMetrics;

/**
 * Counts the bytes (key and value) a processor writes to each of its stores: what its state costs in store writes and
 * in changelog bytes (the stores are not cached: each write is one changelog record). Shown as
 * {@code shepherd_streams_state_bytes_written_total} per store and task.
 */
public final class StateBytes {

    /** Counts nothing: for stores used outside a running topology. */
    public static final StateBytes NONE = new StateBytes(null);

    private final TaskMetrics metrics;
    private final Map<String, Sensor> sensors = new HashMap<>();

    private StateBytes(TaskMetrics metrics) {
        this.metrics = metrics;
    }

    public static StateBytes of(ProcessingContext context, String owner) {
        return new StateBytes(TaskMetrics.of(context, owner));
    }

    public void written(String store, int bytes) {
        if (metrics != null) {
            sensors.computeIfAbsent(store, s -> metrics.counter("state-bytes-written-total",
                    "Bytes of keys and values written to the store by the task", "store", s)).record(bytes);
        }
    }
}
