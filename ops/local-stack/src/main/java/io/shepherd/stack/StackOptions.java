package io.shepherd.stack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link LocalStack} keeps its data and which ports it listens on (0 = a free port).
 *
 * @param dataDir           the one folder holding everything the stack writes; deleting it resets the stack
 * @param elasticsearch     whether to start Elasticsearch with the stack; if false it starts on first
 *                          {@link LocalStack#elasticsearch()} call
 */
public record StackOptions(Path dataDir, int kafkaPort, int controllerPort, int registryPort, int elasticsearchPort,
                           boolean elasticsearch) {

    public StackOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        checkPort("kafkaPort", kafkaPort);
        checkPort("controllerPort", controllerPort);
        checkPort("registryPort", registryPort);
        checkPort("elasticsearchPort", elasticsearchPort);
    }

    /** Free ports everywhere, Elasticsearch only on demand: what tests want. */
    public static StackOptions ephemeral(Path dataDir) {
        return new StackOptions(dataDir, 0, 0, 0, 0, false);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0 (free port) or 1-65535, got " + port);
        }
    }
}
