package io.shepherd.stack;

import io.shepherd.contract.TopicDefinition;
import io.shepherd.contract.Topics;
import io.shepherd.stack.elastic.NodeDirectory;
import io.shepherd.stack.topics.TopicPlan;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Shepherd's real servers on one machine: a Kafka broker with every contract topic, a Confluent-compatible schema
 * registry and, when asked for, Elasticsearch. Everything is written under {@link StackOptions#dataDir()}.
 */
public final class LocalStack implements AutoCloseable {

    /** Written into the data dir so that {@link #wipe(Path)} never deletes a folder the stack did not create. */
    static final String MARKER = ".shepherd-stack";
    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final StackOptions options;
    private final KafkaNode kafka;
    private final RegistryNode registry;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ElasticNode elastic;
    private String elasticAbsence;
    /** The port of a node {@link #stopElasticsearch()} stopped, so that clients configured with it find the next one. */
    private int stoppedElasticPort;

    private LocalStack(StackOptions options, KafkaNode kafka, RegistryNode registry) {
        this.options = options;
        this.kafka = kafka;
        this.registry = registry;
    }

    /**
     * Starts Kafka and creates the contract topics while the registry (and Elasticsearch, if
     * {@link StackOptions#elasticsearch()}) start in parallel; returns once all of them answer.
     */
    public static LocalStack start(StackOptions options) throws IOException {
        long started = System.nanoTime();
        Path dir = options.dataDir().toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "Shepherd local stack data; safe to delete when the stack is stopped.\n");

        CompletableFuture<RegistryNode> registry = inBackground("start-schema-registry",
                () -> RegistryNode.start(dir.resolve("registry"), options.registryPort()));
        Optional<Path> jdk = options.elasticsearch() ? findElasticJdk() : Optional.empty();
        CompletableFuture<ElasticNode> elastic = jdk.map(home -> inBackground("start-elasticsearch",
                () -> ElasticNode.start(home, dir.resolve("elasticsearch"), options.elasticsearchPort()))).orElse(null);
        KafkaNode kafka = null;
        try {
            kafka = KafkaNode.start(dir.resolve("kafka"), options.kafkaPort(), options.controllerPort());
            createTopics(kafka.bootstrapServers(), plan(options.partitions()).plan(Topics.ALL));
            LocalStack stack = new LocalStack(options, kafka, await(registry));
            if (elastic != null) {
                stack.elastic = await(elastic);
            } else if (options.elasticsearch()) {
                stack.elasticAbsence = "no JDK 21+ found (set SHEPHERD_ES_JAVA_HOME)";
            }
            log.info("local stack up in {} ms, data in {}",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dir);
            return stack;
        } catch (IOException | RuntimeException | Error e) {
            closeWhenDone(elastic);
            closeWhenDone(registry);
            if (kafka != null) {
                kafka.close();
            }
            throw e;
        }
    }

    private static Optional<Path> findElasticJdk() {
        Optional<Path> jdk = ElasticNode.findJdk21();
        if (jdk.isEmpty()) {
            log.warn("no JDK 21+ found (set SHEPHERD_ES_JAVA_HOME): continuing without Elasticsearch");
        }
        return jdk;
    }

    private static <T> CompletableFuture<T> inBackground(String name, Callable<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(task.call());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the local stack", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /** Closes what a start task produced, once it is done, so a failed stack start leaves no process behind. */
    private static void closeWhenDone(CompletableFuture<? extends AutoCloseable> future) {
        if (future == null) {
            return;
        }
        try {
            future.join().close();
        } catch (Exception e) {
            log.debug("while cleaning up a failed start", e);
        }
    }

    /** Topics as this stack creates them: one replica, {@code partitions} partitions or (0) the definitions' own. */
    private static TopicPlan plan(int partitions) {
        return new TopicPlan(partitions == 0 ? Optional.empty() : Optional.of(partitions), (short) 1, Optional.empty(), Optional.empty());
    }

    /** Creates the topics that do not exist yet, with their partitions and configs and one replica. */
    public void createTopics(Collection<TopicDefinition> topics) {
        createTopics(bootstrapServers(), plan(0).plan(List.copyOf(topics)));
    }

    /** The partitions this stack gave a contract topic. */
    public int partitions(String topic) {
        return plan(options.partitions()).plan(List.of(Topics.byName(topic))).get(0).partitions();
    }

    private static void createTopics(String bootstrapServers, List<TopicPlan.Planned> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()))
                    .toList();
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("creating topic " + created.getKey() + " failed", e.getCause());
                    }
                }
            }
            log.info("created {} topics, {} existed already", missing.size(), topics.size() - missing.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("listing topics failed", e.getCause());
        }
    }

    /** {@code 127.0.0.1:<port>}, the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Confluent-compatible API root, the value for {@code schema.registry.url}. */
    public String registryUrl() {
        return registry.url();
    }

    /** The Elasticsearch HTTP URL if Elasticsearch runs; empty until {@link #elasticsearch()} started it. */
    public synchronized Optional<String> elasticsearchUrl() {
        return Optional.ofNullable(elastic).map(ElasticNode::httpUrl);
    }

    /** Why Elasticsearch was asked for but does not run, for example no JDK 21+. */
    public synchronized Optional<String> elasticsearchAbsence() {
        return Optional.ofNullable(elastic == null ? elasticAbsence : null);
    }

    /**
     * Elasticsearch, started on the first call (5-25 s) if it is not running yet, so that stacks that never need it
     * never pay for it.
     *
     * @throws IllegalStateException if no JDK 21+ is found or the distribution is not built
     */
    public synchronized ElasticNode elasticsearch() {
        if (closed.get()) {
            throw new IllegalStateException("the local stack is closed");
        }
        if (elastic == null) {
            Path jdk = ElasticNode.findJdk21().orElseThrow(() -> new IllegalStateException(
                    "Elasticsearch needs a JDK 21+ and none was found: set SHEPHERD_ES_JAVA_HOME"));
            try {
                int port = stoppedElasticPort != 0 ? stoppedElasticPort : options.elasticsearchPort();
                elastic = ElasticNode.start(jdk, options.dataDir().toAbsolutePath().resolve("elasticsearch"), port);
            } catch (IOException e) {
                throw new UncheckedIOException("starting Elasticsearch failed", e);
            }
        }
        return elastic;
    }

    /**
     * Stops Elasticsearch and keeps its data, as an outage would; the next {@link #elasticsearch()} starts it again on
     * the same port and data dir. Does nothing if it does not run.
     */
    public synchronized void stopElasticsearch() {
        if (elastic != null) {
            stoppedElasticPort = elastic.httpPort();
            elastic.close();
            elastic = null;
        }
    }

    public Path dataDir() {
        return options.dataDir();
    }

    public StackOptions options() {
        return options;
    }

    /** The contract topics this stack created. */
    public List<TopicDefinition> topics() {
        return Topics.ALL;
    }

    /** The pids of the child processes (registry, Elasticsearch) this stack runs. */
    public synchronized List<Long> childPids() {
        List<Long> pids = new ArrayList<>(List.of(registry.pid()));
        if (elastic != null) {
            pids.add(elastic.pid());
        }
        return pids;
    }

    /** Stops Elasticsearch, the registry and Kafka, in that order; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        ElasticNode es;
        synchronized (this) {
            es = elastic;
        }
        List<RuntimeException> failures = new ArrayList<>();
        Stream.of(es, registry, kafka).filter(java.util.Objects::nonNull).forEach(node -> {
            try {
                node.close();
            } catch (RuntimeException e) {
                failures.add(e);
            } catch (Exception e) {
                failures.add(new IllegalStateException(e));
            }
        });
        log.info("local stack stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("stopping the local stack failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** A port nobody listens on at 127.0.0.1 right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Whether nothing listens on {@code port} at 127.0.0.1. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Deletes a stack data dir so the next start begins empty, after stopping the registry and Elasticsearch a killed
     * run left behind.
     *
     * @throws IllegalStateException if {@code dir} holds files but was not created by a {@link LocalStack}
     */
    public static void wipe(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent() && !Files.exists(dir.resolve(MARKER))) {
                throw new IllegalStateException("refusing to wipe " + dir.toAbsolutePath()
                        + ": it is not a local stack data dir (no " + MARKER + " file)");
            }
        }
        RegistryNode.stopStale(dir.resolve("registry"));
        new NodeDirectory(dir.resolve("elasticsearch")).stopStaleNode(Duration.ofSeconds(20));
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
