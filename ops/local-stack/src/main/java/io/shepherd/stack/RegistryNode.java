package io.shepherd.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real Apicurio Registry 2.6 serving the Confluent schema-registry API, run as a child Java process.
 *
 * <p>Schemas live in the registry's in-memory H2 database: they are gone when it stops, which is what a local stack
 * and tests want. The global compatibility rule is BACKWARD (Confluent's default) and schemas are hashed canonically,
 * so whitespace-only changes keep their id. The process writes its output to {@code registry.log} and its pid to
 * {@code registry.pid} in its data dir; a registry left behind by a killed JVM is stopped on the next start.
 */
public final class RegistryNode implements AutoCloseable {

    public static final String APICURIO_VERSION = "2.6.13.Final";
    public static final String HOME_PROPERTY = "shepherd.apicurio.home";
    static final String RUNNER_JAR = "apicurio-registry-app-" + APICURIO_VERSION + "-runner.jar";
    private static final String READY_PATH = "/apis/ccompat/v7/subjects";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(RegistryNode.class);

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RegistryNode(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.shutdownHook = new Thread(this::stopProcess, "stop-schema-registry");
    }

    /**
     * Starts the registry and waits until its Confluent API answers.
     *
     * @param port the HTTP port, 0 for a free one
     */
    public static RegistryNode start(Path dataDir, int port) throws IOException {
        if (port != 0) {
            return startOnce(dataDir, port);
        }
        // A free port can be taken by another process between choosing it and the registry binding it: that start
        // exits early, and another free port is tried (its log is kept beside, for the record).
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return startOnce(dataDir, 0);
            } catch (EarlyExit e) {
                last = e;
                log.warn("schema registry start {} of 3 exited early; trying another port: {}", attempt, e.getMessage().lines().findFirst().orElse(""));
                Path failedLog = dataDir.resolve("registry.log");
                if (Files.exists(failedLog)) {
                    Files.move(failedLog, dataDir.resolve("registry-failed-" + attempt + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        throw last;
    }

    /** The registry exited before it answered. */
    static final class EarlyExit extends IOException {
        EarlyExit(String message) {
            super(message);
        }
    }

    private static RegistryNode startOnce(Path dataDir, int port) throws IOException {
        long started = System.nanoTime();
        Path home = distribution();
        Files.createDirectories(dataDir);
        stopStale(dataDir);
        int httpPort = port == 0 ? LocalStack.freePort() : port;
        Path logFile = dataDir.resolve("registry.log");
        Process process = new ProcessBuilder(command(home, httpPort))
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        RegistryNode node = new RegistryNode(process, httpPort, dataDir);
        Runtime.getRuntime().addShutdownHook(node.shutdownHook);
        Files.writeString(pidFile(dataDir), Long.toString(process.pid()));
        try {
            node.awaitReady();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        log.info("Apicurio Registry {} (Confluent API) at {} (pid {}) in {} ms", APICURIO_VERSION, node.url(),
                process.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return node;
    }

    /**
     * The unpacked Apicurio distribution: system property {@value #HOME_PROPERTY}, else
     * {@code ops/local-stack/target/apicurio} of the repository around the working directory.
     */
    public static Path distribution() {
        String configured = System.getProperty(HOME_PROPERTY);
        Optional<Path> home = configured != null && !configured.isBlank()
                ? Optional.of(Path.of(configured))
                : repoRoot().map(root -> root.resolve("ops/local-stack/target/apicurio"));
        return home.filter(h -> Files.isRegularFile(h.resolve(RUNNER_JAR))).orElseThrow(() -> new IllegalStateException(
                "Apicurio Registry " + APICURIO_VERSION + " is not unpacked"
                        + home.map(h -> " at " + h.toAbsolutePath()).orElse("")
                        + ": run `mvn -B install -DskipTests -pl ops/local-stack -am` at the repository root"
                        + " (or set -D" + HOME_PROPERTY + " to a folder holding " + RUNNER_JAR + ")"));
    }

    /** The nearest folder, from the working directory up, that holds {@code ops/local-stack}. */
    static Optional<Path> repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("ops/local-stack"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static List<String> command(Path home, int port) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.access-log.enabled=false",
                "-Dregistry.ccompat.use-canonical-hash=true",
                "-Dregistry.rules.global.compatibility=BACKWARD",
                "-jar", home.resolve(RUNNER_JAR).toAbsolutePath().toString());
    }

    private static Path pidFile(Path dataDir) {
        return dataDir.resolve("registry.pid");
    }

    /** Stops a registry that an earlier, killed JVM started in {@code dataDir}, if it is still running. */
    static void stopStale(Path dataDir) throws IOException {
        Path pidFile = pidFile(dataDir);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (NumberFormatException e) {
            Files.delete(pidFile);
            return;
        }
        Optional<ProcessHandle> stale = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(RUNNER_JAR)).orElse(false));
        if (stale.isPresent()) {
            log.warn("stopping a schema registry left running by an earlier run (pid {})", pid);
            stop(stale.get());
        }
        Files.delete(pidFile);
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (Exception e) {
            log.warn("schema registry (pid {}) did not stop within {}: killing it", process.pid(), STOP_TIMEOUT);
            process.destroyForcibly();
        }
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + READY_PATH))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new EarlyExit("schema registry exited with code " + process.exitValue() + " before it was ready;"
                        + " last lines of " + dataDir.resolve("registry.log") + ":\n" + logTail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the schema registry", e);
            }
            sleep(100);
        }
        throw new IOException("schema registry did not answer " + READY_PATH + " within " + READY_TIMEOUT
                + "; last lines of " + dataDir.resolve("registry.log") + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("registry.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the schema registry", e);
        }
    }

    /** The Confluent-compatible API root, the value for {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    private void stopProcess() {
        if (process.isAlive()) {
            stop(process.toHandle());
        }
    }

    /** Stops the registry process and waits for it; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to run; stopping twice is harmless
        }
        stopProcess();
        try {
            Files.deleteIfExists(pidFile(dataDir));
        } catch (IOException e) {
            log.debug("could not delete {}", pidFile(dataDir), e);
        }
        log.info("schema registry stopped");
    }
}
