package io.shepherd.stack.elastic;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Everything one node owns under its data dir: {@code config/}, {@code data/}, {@code logs/} (the process's output in
 * {@code console.log}, its bound HTTP address in {@code http.ports}), {@code tmp/}, {@code native/} (the zstd library
 * Elasticsearch loads), {@code launcher/} (compiled launcher and plugin) and {@code elasticsearch.pid}.
 */
public record NodeDirectory(Path root) {

    static final String CLUSTER_NAME = "shepherd";
    static final String NODE_NAME = "shepherd-es";
    /** What {@code NodeLauncher} prints before the cause when the node cannot start. */
    private static final String LAUNCHER_FAILURE = "Elasticsearch failed to start: ";
    private static final List<String> ZSTD_CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/libzstd.so.1", "/lib/x86_64-linux-gnu/libzstd.so.1",
            "/usr/lib/aarch64-linux-gnu/libzstd.so.1", "/usr/lib64/libzstd.so.1", "/usr/lib/libzstd.so.1");
    private static final Logger log = LoggerFactory.getLogger(NodeDirectory.class);

    public NodeDirectory {
        root = root.toAbsolutePath().normalize();
    }

    public Path config() {
        return root.resolve("config");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path tmp() {
        return root.resolve("tmp");
    }

    public Path nativeLibs() {
        return root.resolve("native");
    }

    public Path launcherCache() {
        return root.resolve("launcher");
    }

    public Path consoleLog() {
        return logs().resolve("console.log");
    }

    /** Written by the node once HTTP is bound ({@code node.portsfile}); the way to learn a port picked by the OS. */
    public Path httpPortsFile() {
        return logs().resolve("http.ports");
    }

    public Path pidFile() {
        return root.resolve("elasticsearch.pid");
    }

    /** Creates the folders and (re)writes the config; {@code httpPort} 0 lets the OS pick one. */
    public void prepare(int httpPort) throws IOException {
        for (Path dir : List.of(config(), root.resolve("data"), logs(), tmp(), nativeLibs())) {
            Files.createDirectories(dir);
        }
        Files.deleteIfExists(httpPortsFile());
        Files.writeString(config().resolve("elasticsearch.yml"), elasticsearchYml(httpPort));
        try (InputStream in = NodeDirectory.class.getResourceAsStream("node-log4j2.properties")) {
            Files.copy(in, config().resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        linkZstd();
    }

    private String elasticsearchYml(int httpPort) {
        return String.join("\n",
                "# Written by io.shepherd.stack.ElasticNode at every start: edits here are lost.",
                "cluster.name: " + CLUSTER_NAME,
                "node.name: " + NODE_NAME,
                "path.data: " + quoted(root.resolve("data")),
                "path.logs: " + quoted(logs()),
                "discovery.type: single-node",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: 0",
                "node.portsfile: true",
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "");
    }

    private static String quoted(Path path) {
        return '"' + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Elasticsearch loads {@code libzstd.so} from its platform dir (here {@code native/}, set with
     * {@code es.nativelibs.path}); the distribution bundles it, Maven Central does not, so the system's copy stands in.
     */
    private void linkZstd() throws IOException {
        Path system = ZSTD_CANDIDATES.stream().map(Path::of).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("Elasticsearch needs the zstd library and none of "
                        + ZSTD_CANDIDATES + " exists: install it (Debian/Ubuntu: `apt-get install libzstd1`)"));
        Path link = nativeLibs().resolve("libzstd.so");
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(system)) {
            return;
        }
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, system);
    }

    /** The port the node bound HTTP to, once it has written {@link #httpPortsFile()}. */
    public Optional<Integer> boundHttpPort() throws IOException {
        if (!Files.isRegularFile(httpPortsFile())) {
            return Optional.empty();
        }
        // One address per line, "127.0.0.1:9200" or "[::1]:9200"; the file is moved into place when complete.
        return Files.readAllLines(httpPortsFile()).stream().filter(l -> l.contains(":")).findFirst()
                .map(l -> Integer.parseInt(l.substring(l.lastIndexOf(':') + 1).trim()));
    }

    /**
     * Stops a node that an earlier, killed JVM (or another JVM) started on this data dir, if it is still running.
     *
     * @throws IllegalStateException if this JVM started it and has not closed it
     */
    public void stopStaleNode(Duration timeout) throws IOException {
        if (!Files.isRegularFile(pidFile())) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile()).trim());
        } catch (NumberFormatException e) {
            Files.delete(pidFile());
            return;
        }
        Optional<ProcessHandle> stale = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine()
                        .map(c -> c.contains(LauncherBuild.LAUNCHER_CLASS) && c.contains(root.toString()))
                        .orElse(false));
        long staleParent = stale.flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
        if (staleParent == ProcessHandle.current().pid()) {
            throw new IllegalStateException("this JVM already runs an Elasticsearch node on " + root
                    + " (pid " + pid + "): close it first, or give the new node another data dir");
        }
        if (stale.isPresent()) {
            log.warn("stopping an Elasticsearch node left running on {} by an earlier run (pid {})", root, pid);
            stop(stale.get(), timeout);
        }
        Files.delete(pidFile());
    }

    /** Asks the process to stop (SIGTERM: the node closes cleanly); kills it if it has not after {@code timeout}. */
    public static void stop(ProcessHandle process, Duration timeout) {
        process.destroy();
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Elasticsearch (pid {}) did not stop within {}: killing it", process.pid(), timeout);
        }
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Elasticsearch (pid {}) still running after SIGKILL", process.pid());
        }
    }

    /**
     * The node's output for an error message: the launcher's one-line failure cause if there is one, then the last
     * {@code lines} lines.
     */
    public String consoleTail(int lines) {
        List<String> all;
        try {
            all = new String(Files.readAllBytes(consoleLog()), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException | RuntimeException e) {
            return "(no output: " + e + ")";
        }
        String cause = all.stream().filter(l -> l.contains(LAUNCHER_FAILURE)).reduce((first, last) -> last)
                .map(l -> l.substring(l.indexOf(LAUNCHER_FAILURE)) + "\n").orElse("");
        return cause + "last lines of " + consoleLog() + ":\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
