package io.shepherd.stack.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Confluent's own Python client as Debian packages it (python3-confluent-kafka 1.7.0 with python3-avro), installed
 * by the tests that need it when it is missing, as CI does; a machine where it cannot be installed fails them.
 */
public final class PythonClient {

    /** Debian's interpreter, which sees Debian's packages whatever python3 comes first on the PATH. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final List<String> PACKAGES = List.of("python3-confluent-kafka", "python3-avro", "python3-requests");
    private static final List<String> IMPORT_CHECK = List.of(PYTHON.toString(), "-c", "import confluent_kafka.avro, avro, requests");

    private PythonClient() {
    }

    public static void ensureInstalled() throws Exception {
        if (ExternalProcess.run(IMPORT_CHECK, Duration.ofSeconds(30)).exitCode() == 0) {
            return;
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
        install.addAll(PACKAGES);
        var installed = ExternalProcess.run(install, Duration.ofMinutes(5));
        if (installed.exitCode() != 0) {
            ExternalProcess.run(List.of("apt-get", "update", "-q"), Duration.ofMinutes(5));
            installed = ExternalProcess.run(install, Duration.ofMinutes(5));
        }
        var check = ExternalProcess.run(IMPORT_CHECK, Duration.ofSeconds(30));
        assertThat(check.exitCode()).as("Confluent's Python client after installing %s:%n%s%n%s", PACKAGES, installed.describe(),
                check.describe()).isZero();
    }
}
