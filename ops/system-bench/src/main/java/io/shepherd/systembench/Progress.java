package io.shepherd.systembench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far consumer groups have got, read from the broker: what a group has committed, and whether it has committed
 * past the last record of every partition it reads. "Last record", not end offset: a topic written in transactions ends
 * with a commit marker, and a consumer that commits the offset after the last record it processed (the projections do,
 * and Spring Kafka does) never commits past the marker.
 */
final class Progress implements AutoCloseable {

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> tail;

    Progress(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "shepherd-bench-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        this.tail = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    Admin admin() {
        return admin;
    }

    /** End offsets of every partition of the topics. */
    Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        try {
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topics, e);
        }
    }

    /** Sum over the partitions of the group's committed offsets (0 where it has none). */
    long committed(String group, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = committedOffsets(group);
        long sum = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = offsets.get(tp);
            sum += o == null ? 0 : o.offset();
        }
        return sum;
    }

    /**
     * Whether the group has committed past the last record of every partition it reads (assigned now or committed
     * before). A group that does not exist yet, or has no partitions, has not caught up.
     */
    boolean caughtUp(String group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = committedOffsets(group);
        Set<TopicPartition> reads = new HashSet<>(offsets.keySet());
        reads.addAll(assigned(group));
        if (reads.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> lastRecords = afterLastRecord(reads);
        for (TopicPartition tp : reads) {
            OffsetAndMetadata o = offsets.get(tp);
            if (lastRecords.get(tp) > (o == null ? 0 : o.offset())) {
                return false;
            }
        }
        return true;
    }

    /** Per partition, the offset after its last committed record (0 for a partition without one). */
    Map<TopicPartition, Long> afterLastRecord(Collection<TopicPartition> partitions) {
        List<TopicPartition> list = new ArrayList<>(partitions);
        Map<TopicPartition, Long> ends = tail.endOffsets(list);
        Map<TopicPartition, Long> begins = tail.beginningOffsets(list);
        Map<TopicPartition, Long> result = new HashMap<>();
        List<TopicPartition> open = new ArrayList<>();
        for (TopicPartition tp : list) {
            result.put(tp, 0L);
            if (ends.get(tp) > begins.get(tp)) {
                open.add(tp);
            }
        }
        // Look back from the end, further each time, until a record turns up: the tail may hold only markers.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (long back = 16; !open.isEmpty(); back *= 64) {
            tail.assign(open);
            for (TopicPartition tp : open) {
                tail.seek(tp, Math.max(begins.get(tp), ends.get(tp) - back));
            }
            while (open.stream().anyMatch(tp -> tail.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading the tails of " + open + " took more than 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : tail.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    result.merge(tp, r.offset() + 1, Math::max);
                }
            }
            long reach = back;
            open.removeIf(tp -> result.get(tp) > 0 || ends.get(tp) - reach <= begins.get(tp));
        }
        tail.unsubscribe();
        return result;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    present.put(tp, o);
                }
            });
            return present;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        }
    }

    private Set<TopicPartition> assigned(String group) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
            Set<TopicPartition> partitions = new HashSet<>();
            if (description != null) {
                for (MemberDescription member : description.members()) {
                    partitions.addAll(member.assignment().topicPartitions());
                }
            }
            return partitions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            return Set.of();
        }
    }

    @Override
    public void close() {
        tail.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
