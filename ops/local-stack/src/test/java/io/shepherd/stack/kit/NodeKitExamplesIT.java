package io.shepherd.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;

import io.shepherd.stack.interop.ExternalProcess;

/** The kit's Node.js examples, on kafkajs 2.2.4 and @kafkajs/confluent-schema-registry, installed by {@code npm ci}. */
class NodeKitExamplesIT extends KitExamples {

    private static final Path NODE = ProducerKit.DIR.resolve("node");

    @BeforeAll
    static void nodeAndPackagesInstalled() throws Exception {
        var node = ExternalProcess.run(List.of("node", "--version"), Duration.ofSeconds(30));
        assertThat(node.exitCode()).as("Node.js runs the kit's JavaScript examples and was not found; .ci/run installs Debian's "
                + "nodejs and npm, elsewhere: apt-get install nodejs npm%n%s", node.describe()).isZero();
        if (packagesOutdated()) {
            var installed = ExternalProcess.run(List.of("npm", "ci", "--no-audit", "--no-fund"), NODE, Map.of(), Duration.ofMinutes(5));
            assertThat(installed.exitCode()).as("npm ci in %s%n%s", NODE, installed.describe()).isZero();
        }
    }

    /** npm records what it installed in node_modules/.package-lock.json; none, or older than the lock file: install. */
    private static boolean packagesOutdated() throws Exception {
        Path installed = NODE.resolve("node_modules").resolve(".package-lock.json");
        return !Files.exists(installed)
                || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(NODE.resolve("package-lock.json"))) < 0;
    }

    @Override
    ExternalProcess.Result run(String example, List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", NODE.resolve(example + ".js").toString()));
        command.addAll(args);
        return ExternalProcess.run(command, NODE, env, ProducerKit.EXAMPLE_TIMEOUT);
    }

    @Override
    String language() {
        return "node";
    }
}
