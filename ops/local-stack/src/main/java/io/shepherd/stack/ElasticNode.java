package io.shepherd.stack;

import io.shepherd.stack.elastic.ElasticDistribution;
import io.shepherd.stack.elastic.JdkLocator;
import io.shepherd.stack.elastic.LauncherBuild;
import io.shepherd.stack.elastic.NodeDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A real Elasticsearch node (single-node cluster on 127.0.0.1), run as a child process of a JDK 21+ from the jars
 * that {@code ops/elasticsearch-dist} lays out.
 *
 * <p>The node runs our own small launcher instead of Elasticsearch's bootstrap (see {@code NodeLauncher.java} in the
 * resources) plus a plugin serving {@code GET /}. Not available on such a node: painless scripts, data streams, and
 * the aggregations module (terms, date_histogram, percentiles, composite and other server aggregations do work).
 * Config, data, logs and pid live under the data dir. The node stops with this JVM (a shutdown hook), and by itself
 * if this JVM is killed; one still found running on the same data dir at the next start is stopped first.
 */
public final class ElasticNode implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String NATIVE_ACCESS_MODULES =
            "org.elasticsearch.nativeaccess,org.elasticsearch.foreign,org.apache.lucene.core";
    private static final Pattern USABLE_HEALTH = Pattern.compile("\"status\"\\s*:\\s*\"(green|yellow)\"");
    private static final Logger log = LoggerFactory.getLogger(ElasticNode.class);

    private final Process process;
    private final NodeDirectory dir;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int httpPort;

    private ElasticNode(Process process, NodeDirectory dir) {
        this.process = process;
        this.dir = dir;
        this.shutdownHook = new Thread(this::stopProcess, "stop-elasticsearch");
    }

    /**
     * A JDK 21+: env {@value JdkLocator#ENV_JAVA_HOME}, then JAVA_HOME, then the running JVM, then the newest under
     * /usr/lib/jvm; empty if none.
     */
    public static Optional<Path> findJdk21() {
        return JdkLocator.find();
    }

    /**
     * The laid-out distribution: system property {@value ElasticDistribution#HOME_PROPERTY}, else
     * {@code ops/elasticsearch-dist/target/elasticsearch} of the repository around the working directory.
     *
     * @throws IllegalStateException naming the Maven command that builds it, if it is missing
     */
    public static Path distribution() {
        return ElasticDistribution.locate().home();
    }

    /**
     * Starts a node and waits until its cluster health is yellow or green.
     *
     * @param jdkHome  a JDK 21+, see {@link #findJdk21()}
     * @param dataDir  holds the node's config, data and logs; created if missing
     * @param httpPort the HTTP port, 0 for one the OS picks
     * @throws IOException if the node dies or is not ready within 90 s; the message ends with the node's last output
     */
    public static ElasticNode start(Path jdkHome, Path dataDir, int httpPort) throws IOException {
        long started = System.nanoTime();
        ElasticDistribution dist = ElasticDistribution.locate();
        NodeDirectory dir = new NodeDirectory(dataDir);
        Files.createDirectories(dir.root());
        dir.stopStaleNode(STOP_TIMEOUT);
        dir.prepare(httpPort);
        LauncherBuild.Output launcher = LauncherBuild.prepare(jdkHome, dist, dir.launcherCache());

        Process process = new ProcessBuilder(command(jdkHome, dist, dir, launcher))
                .directory(dir.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.consoleLog().toFile())
                .start();
        ElasticNode node = new ElasticNode(process, dir);
        Runtime.getRuntime().addShutdownHook(node.shutdownHook);
        try {
            Files.writeString(dir.pidFile(), Long.toString(process.pid()));
            node.awaitReady();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        log.info("Elasticsearch {} at {} (pid {}, data {}) ready in {} ms", dist.version(), node.httpUrl(),
                process.pid(), dir.root(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return node;
    }

    private static List<String> command(Path jdkHome, ElasticDistribution dist, NodeDirectory dir,
                                        LauncherBuild.Output launcher) {
        // C1 only: starts in about half the time on 2 cores; costs Lucene's SIMD paths and some steady-state speed,
        // which local stacks and tests do not need. G1, because the real-memory circuit breaker is tuned for it.
        return List.of(jdkHome.resolve("bin/java").toString(),
                "-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1", "-Xss1m",
                "-XX:+ExitOnOutOfMemoryError", "-XX:-OmitStackTraceInFastThrow",
                "-Djava.io.tmpdir=" + dir.tmp(),
                "-Dfile.encoding=UTF-8", "-Djava.locale.providers=CLDR",
                "-Dlog4j2.formatMsgNoLookups=true", "-Dlog4j.shutdownHookEnabled=false", "-Dlog4j2.disable.jmx=true",
                "-Dio.netty.noUnsafe=true", "-Dio.netty.noKeySetOptimization=true",
                "-Dio.netty.recycler.maxCapacityPerThread=0",
                "-Des.path.home=" + dist.home(), "-Des.path.conf=" + dir.config(), "-Des.distribution.type=tar",
                "-Des.nativelibs.path=" + dir.nativeLibs(),
                "-Dorg.elasticsearch.nativeaccess.enableVectorLibrary=false",
                "-Dshepherd.es.extra.modules=" + launcher.modulesDir(),
                "--enable-native-access=" + NATIVE_ACCESS_MODULES,
                "--module-path", dist.libDir().toString(),
                "--add-modules=ALL-MODULE-PATH", "--add-modules=jdk.incubator.vector",
                "-cp", launcher.classes().toString(),
                LauncherBuild.LAUNCHER_CLASS);
    }

    /** For example {@code http://127.0.0.1:19200}. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The last lines of the node's console (its log, garbage-collection warnings included), for a test that failed. */
    public String logTail(int lines) {
        return dir.consoleTail(lines);
    }

    /** Stops the node (SIGTERM, then SIGKILL after 20 s); idempotent. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it stops the process
        }
        stopProcess();
    }

    private void stopProcess() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        NodeDirectory.stop(process.toHandle(), STOP_TIMEOUT);
        try {
            Files.deleteIfExists(dir.pidFile());
        } catch (IOException e) {
            log.debug("cannot delete {}", dir.pidFile(), e);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Elasticsearch exited with code " + process.exitValue()
                        + " before it was ready. " + dir.consoleTail(40));
            }
            if (httpPort == 0) {
                httpPort = dir.boundHttpPort().orElse(0);
            }
            if (httpPort != 0 && isUsable(http)) {
                return;
            }
            sleep(200);
        }
        throw new IOException("Elasticsearch was not ready (cluster health yellow) within " + READY_TIMEOUT
                + ". " + dir.consoleTail(40));
    }

    private boolean isUsable(HttpClient http) throws IOException {
        HttpRequest health = HttpRequest.newBuilder(
                        URI.create(httpUrl() + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && USABLE_HEALTH.matcher(response.body()).find();
        } catch (IOException notYetServing) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Elasticsearch", e);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Elasticsearch", e);
        }
    }
}
