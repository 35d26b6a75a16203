package io.shepherd.streams.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Shepherd's own metrics of one processor in one task (windows judged, series held, event-time lag, state bytes
 * written), registered through Kafka Streams' public {@link StreamsMetrics}, so that {@code /metrics} and JMX show them
 * beside Kafka's, tagged with the task. A processor closes them when its task goes (to another instance, after a
 * rebalance): a gauge of a task this instance no longer runs would be a stale reading.
 */
public final class TaskMetrics implements AutoCloseable {

    /** The metric group; {@code /metrics} shows it as {@code shepherd_streams_<name>}. */
    public static final String GROUP = "shepherd-streams";

    private final StreamsMetrics metrics;
    private final String taskId;
    private final String owner;
    private final List<Sensor> sensors = new ArrayList<>();

    private TaskMetrics(StreamsMetrics metrics, String taskId, String owner) {
        this.metrics = metrics;
        this.taskId = taskId;
        this.owner = owner;
    }

    /** The metrics of processor {@code owner} in the context's task. */
    public static TaskMetrics of(ProcessingContext context, String owner) {
        return new TaskMetrics(context.metrics(), context.taskId().toString(), owner);
    }

    /** A count that only grows; {@code name} ends in {@code -total}. Tags come as key, value pairs. */
    public Sensor counter(String name, String description, String... tags) {
        return sensor(name, description, new CumulativeSum(), tags);
    }

    /** A reading: the last recorded value. Tags come as key, value pairs. */
    public Sensor gauge(String name, String description, String... tags) {
        return sensor(name, description, new Value(), tags);
    }

    private Sensor sensor(String name, String description, org.apache.kafka.common.metrics.MeasurableStat stat, String... tags) {
        Map<String, String> tagMap = new LinkedHashMap<>();
        tagMap.put("task-id", taskId);
        for (int i = 0; i + 1 < tags.length; i += 2) {
            tagMap.put(tags[i], tags[i + 1]);
        }
        // Sensor names are global to the Kafka Streams instance: the task and owner make them unique.
        Sensor sensor = metrics.addSensor("shepherd." + taskId + "." + owner + "." + name + "." + tagMap, Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(name, GROUP, description, tagMap), stat);
        sensors.add(sensor);
        return sensor;
    }

    @Override
    public void close() {
        sensors.forEach(metrics::removeSensor);
        sensors.clear();
    }
}
