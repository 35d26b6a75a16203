package io.shepherd.stack;

import io.shepherd.contract.TopicDefinition;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs the local stack from the command line until Ctrl-C. Usage: {@code ops/run [--exit-after-start]}.
 *
 * <p>Environment: {@code SHEPHERD_DATA_DIR} (default {@code <repo>/.shepherd/stack}, wiped on every start),
 * {@code SHEPHERD_KAFKA_PORT} (9092), {@code SHEPHERD_CONTROLLER_PORT} (9093), {@code SHEPHERD_REGISTRY_PORT} (8081),
 * {@code SHEPHERD_ES_PORT} (9200), {@code SHEPHERD_ES_ENABLED} (true), {@code SHEPHERD_ES_JAVA_HOME}. A default port
 * that is taken is replaced by a free one; a port set in the environment must be free, and 0 means any free port.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    /** The launcher's settings, read from the environment. */
    public record Settings(StackOptions options, boolean exitAfterStart) {

        public static Path dataDir(Map<String, String> env) {
            return Path.of(env.getOrDefault("SHEPHERD_DATA_DIR", defaultDataDir().toString())).toAbsolutePath();
        }

        /** Reads the environment; call after {@link LocalStack#wipe} so ports held by a killed run count as free. */
        public static Settings from(Map<String, String> env, List<String> args) {
            Path dataDir = dataDir(env);
            boolean elastic = !"false".equalsIgnoreCase(env.getOrDefault("SHEPHERD_ES_ENABLED", "true").trim());
            StackOptions options = new StackOptions(dataDir,
                    port(env, "SHEPHERD_KAFKA_PORT", 9092),
                    port(env, "SHEPHERD_CONTROLLER_PORT", 9093),
                    port(env, "SHEPHERD_REGISTRY_PORT", 8081),
                    port(env, "SHEPHERD_ES_PORT", 9200),
                    elastic);
            return new Settings(options, args.contains("--exit-after-start"));
        }

        private static int port(Map<String, String> env, String name, int preferred) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return LocalStack.isFree(preferred) ? preferred : 0;
            }
            int port;
            try {
                port = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a port number, got '" + value + "'");
            }
            if (port != 0 && !LocalStack.isFree(port)) {
                throw new IllegalArgumentException(name + "=" + port + " but something already listens on 127.0.0.1:"
                        + port + " (use 0 for any free port)");
            }
            return port;
        }

        private static Path defaultDataDir() {
            return RegistryNode.repoRoot().orElse(Path.of("").toAbsolutePath()).resolve(".shepherd/stack");
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println("usage: ops/run [--exit-after-start]   (see LocalStackMain's javadoc for the environment)");
            return;
        }
        Settings settings;
        try {
            LocalStack.wipe(Settings.dataDir(System.getenv()));
            settings = Settings.from(System.getenv(), arguments);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("ops/run: " + e.getMessage());
            System.exit(2);
            return;
        }
        AtomicReference<LocalStack> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LocalStack stack = running.get();
            if (stack != null) {
                stack.close();
                System.out.println("stopped");
            }
            stopped.countDown();
        }, "stop-local-stack"));
        long started = System.nanoTime();
        try {
            running.set(LocalStack.start(settings.options()));
        } catch (Exception e) {
            System.err.println("ops/run: the local stack did not start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        printBlock(System.out, running.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        if (settings.exitAfterStart()) {
            // Exit through the hook, as Ctrl-C does, so the scripted check covers the real shutdown path.
            System.exit(0);
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    static void printBlock(PrintStream out, LocalStack stack, long startMillis) {
        String elastic = stack.elasticsearchUrl().orElseGet(() -> stack.options().elasticsearch()
                ? "not running: " + stack.elasticsearchAbsence().orElse("unknown reason")
                : "not started (SHEPHERD_ES_ENABLED=false)");
        Function<TopicDefinition, String> topicLine = t -> String.format("    %-30s %d partition%s  %s", t.name(),
                t.partitions(), t.partitions() == 1 ? " " : "s", t.configs().getOrDefault("cleanup.policy", "delete"));
        StringBuilder block = new StringBuilder()
                .append("\n=== Shepherd local stack is up (").append(startMillis).append(" ms) ===\n")
                .append("  Kafka ").append(KafkaNode.version()).append(" bootstrap.servers  ")
                .append(stack.bootstrapServers()).append('\n')
                .append("  schema.registry.url            ").append(stack.registryUrl()).append('\n')
                .append("  Elasticsearch                  ").append(elastic).append('\n')
                .append("  data dir                       ").append(stack.dataDir().toAbsolutePath()).append('\n')
                .append("  child pids                     ").append(stack.childPids()).append('\n')
                .append("  topics (").append(stack.topics().size()).append("):\n");
        stack.topics().forEach(t -> block.append(topicLine.apply(t)).append('\n'));
        out.print(block);
        out.flush();
    }
}
