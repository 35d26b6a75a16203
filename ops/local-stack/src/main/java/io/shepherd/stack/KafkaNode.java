package io.shepherd.stack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running inside this JVM, listening on
 * 127.0.0.1 only, with the replication settings a single node needs for consumer groups and transactions
 * (exactly-once) to work.
 */
public final class KafkaNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /**
     * A client listener as a production cluster has one: SASL_SSL with SCRAM-SHA-512 users, the broker's TLS key in a
     * PKCS12 key store, and Kafka's {@code StandardAuthorizer} denying whatever no ACL allows. {@code adminUser} is a
     * SCRAM user created when the storage is formatted and a super user: it creates the other users and the ACLs.
     */
    public record Security(Path keyStore, String keyStorePassword, String adminUser, String adminPassword) {
    }

    private final KafkaRaftServer server;
    private final int port;
    private final int internalPort;
    private final int controllerPort;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaNode(KafkaRaftServer server, int port, int internalPort, int controllerPort, Path dataDir) {
        this.server = server;
        this.port = port;
        this.internalPort = internalPort;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
    }

    /**
     * Formats {@code dataDir} if it is not formatted yet, starts the broker and waits until it answers clients.
     *
     * @param port           the client port, 0 for a free one
     * @param controllerPort the KRaft controller port, 0 for a free one
     */
    public static KafkaNode start(Path dataDir, int port, int controllerPort) throws IOException {
        long started = System.nanoTime();
        int clientPort = port == 0 ? LocalStack.freePort() : port;
        int quorumPort = controllerPort == 0 ? LocalStack.freePort() : controllerPort;
        Files.createDirectories(dataDir);
        Properties props = brokerProperties(dataDir, clientPort, quorumPort);
        format(dataDir, props);
        return run(props, dataDir, clientPort, clientPort, quorumPort, started);
    }

    /**
     * A broker whose client listener ({@link #bootstrapServers}) takes SASL_SSL only and authorizes every request by
     * ACL ({@link Security}); the broker talks to itself on a plaintext listener of its own on 127.0.0.1
     * ({@link #internalBootstrapServers}), whose principal is a super user as a broker's is.
     */
    public static KafkaNode startSecured(Path dataDir, Security security) throws IOException {
        long started = System.nanoTime();
        int clientPort = LocalStack.freePort();
        int internal = LocalStack.freePort();
        int quorumPort = LocalStack.freePort();
        Files.createDirectories(dataDir);
        Properties props = securedProperties(dataDir, clientPort, internal, quorumPort, security);
        format(dataDir, props, "--add-scram", "SCRAM-SHA-512=[name=" + security.adminUser() + ",password=" + security.adminPassword() + "]");
        return run(props, dataDir, clientPort, internal, quorumPort, started);
    }

    private static KafkaNode run(Properties props, Path dataDir, int clientPort, int internal, int quorumPort, long started) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        KafkaNode node = new KafkaNode(server, clientPort, internal, quorumPort, dataDir);
        try {
            server.startup();
            node.awaitReady();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        log.info("Kafka {} broker listening at {} (controller port {}) in {} ms", version(), node.bootstrapServers(),
                quorumPort, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return node;
    }

    /** The version of the Kafka jars on the classpath, for example {@code 4.4.0}. */
    public static String version() {
        try (InputStream in = KafkaConfig.class.getClassLoader().getResourceAsStream("kafka/kafka-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static Properties brokerProperties(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", dataDir.resolve("logs").toAbsolutePath().toString());
        // One node: every internal topic must accept a single replica, or groups and transactions never start.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions than the default 50 make the first group join and first transaction faster.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    static Properties securedProperties(Path dataDir, int port, int internalPort, int controllerPort, Security security) {
        Properties p = brokerProperties(dataDir, port, controllerPort);
        p.put("listeners", "EXTERNAL://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "EXTERNAL://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internalPort);
        p.put("listener.security.protocol.map", "EXTERNAL:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "INTERNAL");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.external.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.external.ssl.keystore.location", security.keyStore().toAbsolutePath().toString());
        p.put("listener.name.external.ssl.keystore.type", "PKCS12");
        p.put("listener.name.external.ssl.keystore.password", security.keyStorePassword());
        p.put("listener.name.external.ssl.key.password", security.keyStorePassword());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:ANONYMOUS;User:" + security.adminUser());
        return p;
    }

    private static void format(Path dataDir, Properties props, String... extra) throws IOException {
        Path propsFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "written by " + KafkaNode.class.getName());
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            // execute, never main: main calls System.exit.
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
                    propsFile.toString(), "--ignore-formatted"));
            args.addAll(java.util.List.of(extra));
            rc = StorageTool.execute(args.toArray(String[]::new), printStream);
        }
        String text = output.toString(StandardCharsets.UTF_8).trim();
        if (rc != 0) {
            throw new IOException("formatting Kafka storage in " + dataDir + " failed (exit " + rc + "): " + text);
        }
        log.debug("kafka-storage format: {}", text);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, internalBootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker at " + bootstrapServers()
                                + " did not answer within " + READY_TIMEOUT, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " has no live node after "
                            + READY_TIMEOUT);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    /** {@code 127.0.0.1:<port>}, the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's own plaintext listener: {@link #bootstrapServers} but for a secured broker. */
    public String internalBootstrapServers() {
        return "127.0.0.1:" + internalPort;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits for it; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
