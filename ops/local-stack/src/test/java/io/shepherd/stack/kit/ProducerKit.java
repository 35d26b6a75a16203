package io.shepherd.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.stack.LocalStack;
import io.shepherd.stack.interop.ExternalProcess;

/**
 * The producer kit under {@code event-schemas/kit}: where it lives, its register command (run once per registry),
 * and the JSON lines its examples print.
 */
final class ProducerKit {

    static final Path DIR = Path.of("..", "..", "event-schemas", "kit").toAbsolutePath().normalize();
    static final Duration EXAMPLE_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> REGISTERED = new HashMap<>();

    private ProducerKit() {
    }

    static ExternalProcess.Result registerSchemas(String registryUrl, Map<String, String> env) throws Exception {
        assertThat(DIR.resolve("register-schemas")).as("the producer kit, from %s", Path.of("").toAbsolutePath()).isExecutable();
        return ExternalProcess.run(List.of(DIR.resolve("register-schemas").toString(), registryUrl), DIR, env, EXAMPLE_TIMEOUT);
    }

    /** Registers the kit's schemas with the stack's registry, once per test JVM; what the command printed. */
    static synchronized String registerSchemasOnce(LocalStack stack) throws Exception {
        String printed = REGISTERED.get(stack.registryUrl());
        if (printed == null) {
            var registered = registerSchemas(stack.registryUrl(), Map.of());
            assertThat(registered.exitCode()).as(registered.describe()).isZero();
            printed = registered.output();
            REGISTERED.put(stack.registryUrl(), printed);
        }
        return printed;
    }

    /** The {@code "<topic> <Event>"} lines of the kit's subjects file. */
    static List<String[]> subjects() throws Exception {
        return Files.readAllLines(DIR.resolve("subjects.txt")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).map(line -> line.split("\\s+")).toList();
    }

    /** Each JSON line the example printed on standard output. */
    static List<JsonNode> jsonLines(ExternalProcess.Result result) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.output().lines().filter(l -> l.startsWith("{")).toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** The connection arguments both languages' examples take. */
    static List<String> connection(LocalStack stack) {
        return List.of("--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.registryUrl());
    }
}
