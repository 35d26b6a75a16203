package io.shepherd.projections.rebuild;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import org.apache.kafka.common.TopicPartition;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import io.shepherd.projections.Pipeline;
import io.shepherd.projections.ProjectionsConfig;
import io.shepherd.projections.consumer.ReplayProgress;
import io.shepherd.projections.consumer.RunnerOptions;
import io.shepherd.projections.document.ProjectionCatalog;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.elastic.IndexTemplates;
import io.shepherd.projections.sink.SinkOptions;

/**
 * Drops indices and projects them again from the beginning of their topics, outside the service's consumer group (the
 * running service goes on; its writes and the rebuild's are idempotent). Events a topic no longer retains are gone
 * from the index afterwards: the index is exactly what the log still says.
 */
public final class Rebuild {

    private Rebuild() {
    }

    /** Returns the number of records replayed. */
    public static long run(ProjectionsConfig config, ElasticsearchClient client, List<ProjectionIndex> indices,
                           PrintStream out) throws IOException {
        for (ProjectionIndex index : indices) {
            IndexTemplates.recreate(client, index);
            out.println("recreated " + index.indexName() + " (empty, from its template)");
        }
        List<String> topics = ProjectionCatalog.topicsOf(indices);
        Pipeline pipeline = Pipeline.build(config, client, null, SinkOptions.defaults(), RunnerOptions.defaults());
        try {
            List<TopicPartition> partitions = topics.stream().flatMap(t -> pipeline.consumer().partitionsFor(t).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))).toList();
            out.println("replaying " + topics + " (" + partitions.size() + " partitions) into "
                    + indices.stream().map(ProjectionIndex::indexName).toList());
            CountingProgress progress = new CountingProgress(new ProgressBar(out, System::nanoTime, "rebuild"));
            pipeline.runner().replay(partitions, progress);
            return progress.done;
        } finally {
            pipeline.sink().close();
            pipeline.consumer().close();
        }
    }

    private static final class CountingProgress implements ReplayProgress {
        private final ProgressBar bar;
        private long done;

        CountingProgress(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        public void started(long totalRecords) {
            bar.started(totalRecords);
        }

        @Override
        public void advanced(long recordsDone) {
            done = recordsDone;
            bar.advanced(recordsDone);
        }
    }
}
