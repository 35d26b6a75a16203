package io.shepherd.stack.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;

import io.shepherd.stack.interop.ExternalProcess;
import io.shepherd.stack.interop.PythonClient;

/** The kit's Python examples, on Confluent's client as Debian packages it (confluent-kafka 1.7.0, python3-avro). */
class PythonKitExamplesIT extends KitExamples {

    private static final Map<String, String> SCRIPTS = Map.of("producer", "producer.py", "rollback-consumer", "rollback_consumer.py");

    @BeforeAll
    static void pythonClientInstalled() throws Exception {
        PythonClient.ensureInstalled();
    }

    @Override
    ExternalProcess.Result run(String example, List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(PythonClient.PYTHON.toString(),
                ProducerKit.DIR.resolve("python").resolve(SCRIPTS.get(example)).toString()));
        command.addAll(args);
        return ExternalProcess.run(command, ProducerKit.DIR.resolve("python"), env, ProducerKit.EXAMPLE_TIMEOUT);
    }

    @Override
    String language() {
        return "python";
    }
}
