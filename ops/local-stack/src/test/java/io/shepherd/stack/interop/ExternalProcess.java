package io.shepherd.stack.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program of another language to its end and keeps what it printed: standard output (where the examples print
 * their JSON lines) apart from standard error (where client libraries log). Output goes to files, so a program that
 * prints a lot never blocks and one that hangs is stopped when its time is up.
 */
public final class ExternalProcess {

    private ExternalProcess() {
    }

    /** How a program ended: exit 127 when it could not start, 124 when it ran out of time. */
    public record Result(int exitCode, String output, String errors) {

        /** Everything it printed, for assertion messages. */
        public String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + output + "\n--- stderr ---\n" + errors;
        }
    }

    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, null, Map.of(), timeout);
    }

    /** Runs {@code command} in {@code dir} (null: this JVM's), with {@code env} added to this JVM's environment. */
    public static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("process-", ".out");
        Path stderr = Files.createTempFile("process-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            builder.environment().putAll(env);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return new Result(127, "", String.join(" ", command) + ": " + e.getMessage());
            }
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return new Result(ended ? process.exitValue() : 124, Files.readString(stdout, StandardCharsets.UTF_8),
                    (ended ? "" : "timed out after " + timeout + ": " + String.join(" ", command) + "\n")
                            + Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
