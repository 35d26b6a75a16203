package io.shepherd.streams.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

import io.shepherd.contract.Topics;
import io.shepherd.stack.LocalStack;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;
import io.shepherd.streams.performance.PerformanceProcessor;

/**
 * Size of the join's pending-predictions store when labels do not come: the input topics are emptied (records
 * deleted up to their ends), {@code n} predictions without outcomes are published, and a fresh full app is run over
 * them under exactly-once; then {@code n} more, and a second fresh app over all {@code 2n}. Each point measures the
 * store's changelog (records as written, and the partition sizes the broker reports) and its RocksDB files on disk
 * after the app closed; the difference between the two points, per prediction added, is free of fixed costs (empty
 * segments, RocksDB's manifest and logs) and is what is extrapolated to a million.
 */
final class FullAppJoinState {

    /**
     * The store after a run over {@code predictions}: pending ones (half the live changelog keys: a waiting prediction
     * has its value and its time marker, {@link io.shepherd.streams.state.ExpiringValues}), changelog sizes, RocksDB bytes.
     */
    record Point(long predictions, TopicScan.ChangelogSize changelog, long logBytes, long rocksDbBytes, long sstBytes) {

        long pending() {
            return changelog.liveKeys() / 2;
        }
    }

    record Result(Point first, Point second) {

        /** Bytes per pending prediction between the two points, of the given measure. */
        double slope(Function<Point, Long> measure) {
            return (double) (measure.apply(second) - measure.apply(first)) / (second.pending() - first.pending());
        }
    }

    private FullAppJoinState() {
    }

    static Result measure(LocalStack stack, Admin admin, List<String> models, long n, long end, long spanMs,
                          Function<String, StreamsAppConfig> configs, Function<StreamsAppConfig, Properties> properties) throws Exception {
        emptyInputs(admin);
        Point first = point(stack, admin, models, n, end - 2 * spanMs, spanMs, "a", configs, properties);
        Point second = point(stack, admin, models, n, end - spanMs, spanMs, "b", configs, properties);
        return new Result(first, new Point(2 * n, second.changelog(), second.logBytes(), second.rocksDbBytes(), second.sstBytes()));
    }

    /** Publishes n more label-less predictions in {@code [from, from + spanMs)}, then runs a fresh app over all of them. */
    private static Point point(LocalStack stack, Admin admin, List<String> models, long n, long from, long spanMs, String name,
                               Function<String, StreamsAppConfig> configs, Function<StreamsAppConfig, Properties> properties) throws Exception {
        FullAppData.produce(stack.bootstrapServers(), stack.registryUrl(), models, n, from, spanMs, "pending-" + name + "-",
                FullAppData.Shape.PREDICTIONS_ONLY);
        StreamsAppConfig config = configs.apply(name);
        // Only the predictions topic: a group commits no offset for a partition it never read a record from.
        Map<TopicPartition, Long> ends = TopicScan.endOffsets(admin, Topics.PREDICTIONS);
        AppRun.run(config.applicationId(), admin, StreamsApp.topology(config), properties.apply(config), ends);
        String changelog = config.applicationId() + "-" + PerformanceProcessor.PENDING + "-changelog";
        return new Point(n, TopicScan.changelog(stack.bootstrapServers(), changelog), logBytes(admin, changelog),
                storeBytes(config.stateDir(), p -> true), storeBytes(config.stateDir(), p -> p.toString().endsWith(".sst")));
    }

    private static void emptyInputs(Admin admin) throws Exception {
        Map<TopicPartition, RecordsToDelete> upTo = new HashMap<>();
        FullAppBenchmark.endOffsets(admin, FullAppBenchmark.INPUTS).forEach((tp, end) -> upTo.put(tp, RecordsToDelete.beforeOffset(end)));
        admin.deleteRecords(upTo).all().get();
    }

    /** Bytes of the topic's partitions in the broker's log directories. */
    private static long logBytes(Admin admin, String topic) throws Exception {
        List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        long sum = 0;
        for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
            for (var dir : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    sum += replica.getKey().topic().equals(topic) ? replica.getValue().size() : 0;
                }
            }
        }
        return sum;
    }

    /** Bytes of the files under every task's directory of the pending-predictions store that match. */
    private static long storeBytes(Path stateDir, java.util.function.Predicate<Path> which) {
        try (Stream<Path> tree = Files.walk(stateDir)) {
            return tree.filter(Files::isRegularFile).filter(p -> p.toString().contains("/" + PerformanceProcessor.PENDING + "/"))
                    .filter(which).mapToLong(FullAppJoinState::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
