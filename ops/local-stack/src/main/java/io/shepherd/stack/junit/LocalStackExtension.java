package io.shepherd.stack.junit;

import io.shepherd.stack.KafkaNode;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.StackOptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Gives integration tests a real {@link LocalStack}: one per test JVM, started on first use, stopped when the JVM's
 * test run ends. Declare a {@code LocalStack} parameter on a test, constructor or {@code @BeforeAll} method.
 * Elasticsearch starts only when a test calls {@link LocalStack#elasticsearch()}.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class DriftPipelineIT {
 *     @Test
 *     void scoresDrift(LocalStack stack) { ... stack.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * <p>Data goes to {@code target/local-stack-<pid>} of the module under test; folders of earlier test JVMs that are
 * no longer running are deleted.
 */
public final class LocalStackExtension implements ParameterResolver {

    private static final Logger log = LoggerFactory.getLogger(LocalStackExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public LocalStack resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    /** The stack of this test JVM, started on the first call. */
    public static LocalStack stack(ExtensionContext context) {
        // The root store is closed when the whole test run of this JVM ends; JUnit 6 closes AutoCloseable values.
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(LocalStack.class, key -> startStack(), LocalStack.class);
    }

    /**
     * The system property that gives every multi-partition topic of the test JVM's stack this many partitions (a
     * module's surefire configuration sets it); the contract's partitions without it.
     */
    public static final String PARTITIONS_PROPERTY = "shepherd.stack.partitions";

    private static LocalStack startStack() {
        Path target = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
        Path dataDir = target.resolve("local-stack-" + ProcessHandle.current().pid()).toAbsolutePath();
        try {
            deleteAbandonedDirs(target);
            LocalStack.wipe(dataDir);
            LocalStack stack = LocalStack.start(StackOptions.ephemeral(dataDir).withPartitions(Integer.getInteger(PARTITIONS_PROPERTY, 0)));
            String line = "Integration tests run against a real Kafka " + KafkaNode.version() + " broker at "
                    + stack.bootstrapServers() + ", Apicurio schema registry at " + stack.registryUrl()
                    + ", Elasticsearch (when started) at a free port logged on first use; data in " + dataDir;
            log.info(line);
            System.out.println(line);
            return stack;
        } catch (IOException e) {
            throw new ParameterResolutionException("could not start the local stack in " + dataDir, e);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("could not start the local stack in " + dataDir + ": " + e, e);
        }
    }

    /** Deletes {@code local-stack-<pid>} folders whose test JVM is gone, so repeated runs do not pile up data. */
    private static void deleteAbandonedDirs(Path target) throws IOException {
        try (Stream<Path> dirs = Files.list(target)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("local-stack-\\d+")).toList()) {
                long pid = Long.parseLong(dir.getFileName().toString().substring("local-stack-".length()));
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                try {
                    LocalStack.wipe(dir);
                } catch (IOException | UncheckedIOException | IllegalStateException e) {
                    log.debug("could not delete {}", dir, e);
                }
            }
        }
    }
}
