package io.shepherd.projections;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import io.shepherd.config.Settings;
import io.shepherd.projections.consumer.RunnerOptions;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.elastic.ElasticClients;
import io.shepherd.projections.rebuild.Rebuild;
import io.shepherd.projections.sink.SinkOptions;

/**
 * {@code ProjectionsMain} runs the projections until stopped; {@code ProjectionsMain rebuild <index>... | all} drops
 * and re-projects indices from the beginning of their topics.
 */
public final class ProjectionsMain {

    private ProjectionsMain() {
    }

    public static void main(String[] args) throws Exception {
        ProjectionsConfig config = ProjectionsConfig.from(Settings.load(ProjectionsConfig.SETTINGS,
                Optional.ofNullable(System.getenv("SHEPHERD_CONFIG_FILE")).map(java.nio.file.Path::of), System.getenv()));
        if (args.length > 0 && args[0].equals("rebuild")) {
            rebuild(config, Arrays.asList(args).subList(1, args.length));
            return;
        }
        ProjectionService service = ProjectionService.start(config,
                SinkOptions.defaults().withSlowRequestAfter(config.slowBulkRequestAfter()), RunnerOptions.defaults());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "stop-projections"));
        stopped.await();
    }

    private static void rebuild(ProjectionsConfig config, List<String> names) throws Exception {
        if (names.isEmpty()) {
            System.err.println("usage: rebuild <index>... | all; indices: "
                    + Arrays.stream(ProjectionIndex.values()).map(ProjectionIndex::indexName).toList());
            System.exit(2);
        }
        List<ProjectionIndex> indices = names.equals(List.of("all")) ? List.of(ProjectionIndex.values())
                : names.stream().map(ProjectionIndex::byIndexName).toList();
        ElasticsearchClient client = ElasticClients.create(config.elasticsearch());
        try {
            long records = Rebuild.run(config, client, indices, System.out);
            System.out.println("rebuilt " + names + " from " + records + " records");
        } finally {
            client._transport().close();
        }
    }
}
