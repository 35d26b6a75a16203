package io.shepherd.projections.sink;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;

/**
 * Which records of each partition Elasticsearch has acknowledged. A partition may be committed up to (not including)
 * its lowest record still in flight, so an offset is never committed for a document that was not written, however the
 * bulk responses interleave.
 */
public final class OffsetTracker {

    private static final class Partition {
        final TreeSet<Long> inFlight = new TreeSet<>();
        long next = -1;
        long committed = -1;

        long committable() {
            return inFlight.isEmpty() ? next : inFlight.first();
        }
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    /** The record at {@code offset} was handed to the sink; records must be sent in offset order per partition. */
    public synchronized void sent(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, t -> new Partition());
        p.inFlight.add(offset);
        p.next = Math.max(p.next, offset + 1);
    }

    /** The record at {@code offset} needs no write (for example a tombstone): it counts as done. */
    public synchronized void skipped(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, t -> new Partition());
        p.next = Math.max(p.next, offset + 1);
    }

    public synchronized void acknowledged(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p != null) {
            p.inFlight.remove(offset);
        }
    }

    /** The offsets to commit now: per partition the lowest record still in flight, for those that moved since the last commit. */
    public synchronized Map<TopicPartition, Long> committable() {
        Map<TopicPartition, Long> out = new HashMap<>();
        partitions.forEach((tp, p) -> {
            long offset = p.committable();
            if (offset > p.committed) {
                out.put(tp, offset);
            }
        });
        return out;
    }

    public synchronized void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((tp, offset) -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.committed = Math.max(p.committed, offset);
            }
        });
    }

    /** The first offset of {@code tp} not yet acknowledged, if the partition has been read. */
    public synchronized OptionalLong position(TopicPartition tp) {
        Partition p = partitions.get(tp);
        return p == null || p.next < 0 ? OptionalLong.empty() : OptionalLong.of(p.committable());
    }

    /** Records of {@code tp} handed to the sink and not yet acknowledged. */
    public synchronized int inFlight(TopicPartition tp) {
        Partition p = partitions.get(tp);
        return p == null ? 0 : p.inFlight.size();
    }

    public synchronized int inFlight() {
        return partitions.values().stream().mapToInt(p -> p.inFlight.size()).sum();
    }

    /**
     * Where to read again after failed writes: per partition the lowest unacknowledged offset. Forgets what was in
     * flight, so call it only when no bulk request is outstanding.
     */
    public synchronized Map<TopicPartition, Long> rewind() {
        Map<TopicPartition, Long> seeks = new HashMap<>();
        partitions.forEach((tp, p) -> {
            if (!p.inFlight.isEmpty()) {
                seeks.put(tp, p.inFlight.first());
                p.next = p.inFlight.first();
                p.inFlight.clear();
            }
        });
        return seeks;
    }

    public synchronized void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }
}
