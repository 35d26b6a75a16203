package io.shepherd.stack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link LocalStack} keeps its data and which ports it listens on (0 = a free port).
 *
 * @param dataDir           the one folder holding everything the stack writes; deleting it resets the stack
 * @param elasticsearch     whether to start Elasticsearch with the stack; if false it starts on first
 *                          {@link LocalStack#elasticsearch()} call
 * @param partitions        partitions of every multi-partition contract topic (inputs and outputs), or 0 for the
 *                          contract's; single-partition topics stay single
 */
public record StackOptions(Path dataDir, int kafkaPort, int controllerPort, int registryPort, int elasticsearchPort,
                           boolean elasticsearch, int partitions) {

    /** The contract's partitions. */
    public StackOptions(Path dataDir, int kafkaPort, int controllerPort, int registryPort, int elasticsearchPort, boolean elasticsearch) {
        this(dataDir, kafkaPort, controllerPort, registryPort, elasticsearchPort, elasticsearch, 0);
    }

    public StackOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        checkPort("kafkaPort", kafkaPort);
        checkPort("controllerPort", controllerPort);
        checkPort("registryPort", registryPort);
        checkPort("elasticsearchPort", elasticsearchPort);
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be 0 (the contract's) or positive, got " + partitions);
        }
    }

    /** These options with {@code partitions} partitions for every multi-partition topic (0: the contract's). */
    public StackOptions withPartitions(int partitions) {
        return new StackOptions(dataDir, kafkaPort, controllerPort, registryPort, elasticsearchPort, elasticsearch, partitions);
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
