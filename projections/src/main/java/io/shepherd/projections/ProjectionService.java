package io.shepherd.projections;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import io.shepherd.contract.KafkaAccessCheck;
import io.shepherd.contract.KafkaAcls;
import io.shepherd.projections.consumer.RunnerOptions;
import io.shepherd.projections.document.ProjectionCatalog;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.elastic.ElasticClients;
import io.shepherd.projections.elastic.IndexTemplates;
import io.shepherd.projections.monitoring.LagHealth;
import io.shepherd.projections.monitoring.Metrics;
import io.shepherd.projections.monitoring.MonitoringServer;
import io.shepherd.projections.sink.SinkOptions;

/**
 * The running projections: index templates put, every projected topic consumed by the group, lag measured, and
 * {@code /health} and {@code /metrics} served.
 */
public final class ProjectionService implements AutoCloseable {

    /** Lag that never decreases for this long, above {@link #LAG_TOLERANCE} records, fails the health check. */
    static final Duration LAG_WINDOW = Duration.ofMinutes(5);
    static final long LAG_TOLERANCE = 1_000;
    private static final Logger log = LoggerFactory.getLogger(ProjectionService.class);

    private final ElasticsearchClient client;
    private final Pipeline pipeline;
    private final Thread loop;
    private final LagHealth health = new LagHealth(LAG_WINDOW, LAG_TOLERANCE);
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "projections-lag-sampler");
        t.setDaemon(true);
        return t;
    });
    private final MonitoringServer monitoring;
    /** Why projecting stopped, when it stopped by itself. */
    private volatile String failure;

    private ProjectionService(ProjectionsConfig config, SinkOptions sinkOptions, RunnerOptions runnerOptions)
            throws IOException {
        client = ElasticClients.create(config.elasticsearch());
        putTemplates(client);
        pipeline = Pipeline.build(config, client, config.groupId(), sinkOptions, runnerOptions);
        loop = new Thread(this::project, "projections");
        monitoring = new MonitoringServer(config.httpPort(), this::health, () -> Metrics.render(
                pipeline.runner().lag().perPartition(), pipeline.sink().counters(),
                pipeline.runner().recovering() || pipeline.sink().stalled()));
        Clock clock = Clock.systemUTC();
        sampler.scheduleAtFixedRate(() -> health.record(clock.instant(), pipeline.runner().lag().total()),
                runnerOptions.lagInterval().toMillis(), runnerOptions.lagInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Consumes until stopped. A failure that ends it is kept and fails the health check: a missing ACL (named with its
     * operation and resource) does not heal by waiting, and a projection that stopped must not look healthy.
     */
    private void project() {
        try {
            pipeline.runner().runLive(ProjectionCatalog.topicsOf(Arrays.asList(ProjectionIndex.values())));
        } catch (RuntimeException e) {
            failure = KafkaAccessCheck.authorizationFailure(e)
                    .map(missing -> "the projections' principal lacks " + missing + " (grant it as ops/kafka-acls.md shows)")
                    .orElse("projecting stopped: " + e);
            log.error("{}", failure, e);
        }
    }

    /** Refuses to start without the topic ACLs of the projections' plan ({@link KafkaAcls#projections}), naming each missing one. */
    static void checkAcls(ProjectionsConfig config) {
        KafkaAccessCheck.require(config.kafkaClient().clientProperties(config.bootstrapServers()), KafkaAcls.projections("the projections' principal", config.groupId()));
    }

    /**
     * Puts the index templates, the first request to Elasticsearch; when it fails (unreachable, a certificate or a key it
     * refuses) the client is closed before the failure goes up, since its threads would keep the process alive.
     */
    private static void putTemplates(ElasticsearchClient client) throws IOException {
        try {
            IndexTemplates.putAll(client);
        } catch (IOException | RuntimeException e) {
            try {
                client._transport().close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Puts the templates (Elasticsearch must answer) and starts consuming. */
    public static ProjectionService start(ProjectionsConfig config, SinkOptions sinkOptions, RunnerOptions runnerOptions)
            throws IOException {
        checkAcls(config);
        ProjectionService service = new ProjectionService(config, sinkOptions, runnerOptions);
        service.loop.start();
        log.info("projecting into Elasticsearch at {}; health and metrics on port {}", config.elasticsearch().url(),
                service.monitoring.port());
        return service;
    }

    /**
     * The lag verdict, with what the projections wait for in its detail. Waiting alone does not fail the check: a
     * restart would not make Elasticsearch answer, and lag that keeps growing fails it anyway.
     */
    private LagHealth.Status health() {
        if (failure != null) {
            return new LagHealth.Status(false, failure);
        }
        LagHealth.Status lag = health.evaluate();
        String detail = lag.detail();
        if (pipeline.runner().recovering()) {
            detail += "; waiting for Elasticsearch to take writes again after a failed write";
        }
        detail += pipeline.sink().stall().map(stall -> "; waiting for Elasticsearch: " + stall).orElse("");
        return new LagHealth.Status(lag.healthy(), detail);
    }

    public int monitoringPort() {
        return monitoring.port();
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public ElasticsearchClient client() {
        return client;
    }

    /** Stops consuming, writes what is buffered and commits it. */
    @Override
    public void close() throws IOException {
        pipeline.runner().stop();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampler.shutdownNow();
        monitoring.close();
        client._transport().close();
    }
}
