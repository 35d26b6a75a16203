package io.shepherd.alerting.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.shepherd.alerting.app.AlertRouterApplication;

/**
 * The router in a JVM of its own, started with the fixture's settings as its environment, so a test can kill it as
 * the operating system would (SIGKILL: no shutdown hook, no commit, no leaving the group). Closing kills it too.
 */
final class ChildRouter implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final long startedNanos;

    private ChildRouter(Process process, Path log, long startedNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    static ChildRouter start(RouterFixture fixture, String name) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "child-routers")).resolve(name + "-" + fixture.groupId + ".log").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), AlertRouterApplication.class.getName()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("SHEPHERD_"));
        env.putAll(fixture.env());
        long started = System.nanoTime();
        return new ChildRouter(builder.start(), log, started);
    }

    /** {@link System#nanoTime} just before the process was started. */
    long startedNanos() {
        return startedNanos;
    }

    Path log() {
        return log;
    }

    /** SIGKILL on Linux: the router gets no chance to flush, commit or leave its group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child router " + process.pid() + " did not die");
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
