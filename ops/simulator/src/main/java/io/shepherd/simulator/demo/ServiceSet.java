package io.shepherd.simulator.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import io.shepherd.stack.LocalStack;

/**
 * Shepherd's services on a running local stack, each a child JVM: the streams app, the alert router (Slack and
 * PagerDuty pointed at a local {@link Receiver} unless the environment names real ones) and the projections (only when
 * the stack runs Elasticsearch). Used by the run command and by the system benchmarks. {@link #close} stops them in
 * reverse order, then the receiver.
 */
public final class ServiceSet implements AutoCloseable {

    /** Each service's main class, by the name the build's classpath files use. */
    public static final Map<String, String> MAIN_CLASSES = Map.of(
            "streams", "io.shepherd.streams.StreamsApp",
            "alert-router", "io.shepherd.alerting.app.AlertRouterApplication",
            "projections", "io.shepherd.projections.ProjectionsMain");

    private final Receiver receiver;
    private final List<ChildService> children;

    private ServiceSet(Receiver receiver, List<ChildService> children) {
        this.receiver = receiver;
        this.children = children;
    }

    /**
     * @param services   name -> classpath of each service to start, in start order
     * @param env        the caller's environment: real Slack / PagerDuty settings there win over the local receiver
     * @param jvmOptions JVM options of each service, by name
     * @param extraEnv   settings added to a service's environment, by name (for example its application id)
     */
    public static ServiceSet start(LocalStack stack, Map<String, String> services, Map<String, String> env, String hmacKey,
                                   Function<String, List<String>> jvmOptions, Function<String, Map<String, String>> extraEnv,
                                   Consumer<String> say) throws IOException {
        Path dir = stack.dataDir();
        Receiver receiver = Receiver.start(dir.resolve("receiver"), say);
        List<ChildService> children = new ArrayList<>();
        ServiceSet set = new ServiceSet(receiver, children);
        try {
            for (var service : services.entrySet()) {
                String name = service.getKey();
                if (name.equals("projections") && stack.elasticsearchUrl().isEmpty()) {
                    say.accept("projections not started: no Elasticsearch");
                    continue;
                }
                Map<String, String> serviceEnv = new HashMap<>();
                serviceEnv.put("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
                serviceEnv.put("SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl());
                serviceEnv.putAll(serviceEnv(name, stack, receiver, env, hmacKey));
                serviceEnv.putAll(extraEnv.apply(name));
                List<String> jvm = new ArrayList<>(jvmOptions.apply(name));
                if (name.equals("projections")) {
                    // It brings no logging configuration of its own, and logback's default is DEBUG.
                    jvm.add("-Dlogback.configurationFile=" + writeResource(dir, "child-logback.xml"));
                }
                ChildService child = ChildService.start(name, service.getValue(), MAIN_CLASSES.get(name), jvm, serviceEnv, dir.resolve("logs"));
                children.add(child);
                say.accept(name + " started (pid " + child.pid() + ", log " + child.log() + ")");
            }
            return set;
        } catch (IOException | RuntimeException e) {
            set.close();
            throw e;
        }
    }

    private static Map<String, String> serviceEnv(String service, LocalStack stack, Receiver receiver, Map<String, String> env,
                                                  String hmacKey) throws IOException {
        Path dir = stack.dataDir();
        Map<String, String> e = new HashMap<>();
        switch (service) {
            case "streams" -> {
                e.put("SHEPHERD_STATE_DIR", dir.resolve("streams-state").toString());
                e.put("SHEPHERD_HTTP_PORT", Integer.toString(LocalStack.freePort()));
                e.put("SHEPHERD_HTTP_BIND", "127.0.0.1");
            }
            case "alert-router" -> {
                e.put("SHEPHERD_HTTP_PORT", Integer.toString(LocalStack.freePort()));
                e.put("SHEPHERD_HTTP_ADDRESS", "127.0.0.1");
                e.put("SHEPHERD_ROLLBACK_HMAC_KEY", hmacKey);
                e.put("SHEPHERD_ROUTING_FILE", writeResource(dir, "demo-routing.yml").toString());
                if (env.getOrDefault("SHEPHERD_SLACK_WEBHOOK_URL", "").isBlank()) {
                    e.put("SHEPHERD_SLACK_WEBHOOK_URL", receiver.slackUrl());
                }
                if (env.getOrDefault("SHEPHERD_PAGERDUTY_ROUTING_KEY", "").isBlank()) {
                    e.put("SHEPHERD_PAGERDUTY_ROUTING_KEY", receiver.routingKey());
                    e.put("SHEPHERD_PAGERDUTY_EVENTS_URL", receiver.pagerDutyUrl());
                }
            }
            case "projections" -> {
                e.put("SHEPHERD_ELASTICSEARCH_URL", stack.elasticsearchUrl().orElseThrow());
                e.put("SHEPHERD_HTTP_PORT", Integer.toString(LocalStack.freePort()));
            }
            default -> throw new IllegalArgumentException("unknown service " + service);
        }
        return e;
    }

    private static Path writeResource(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = ServiceSet.class.getResourceAsStream("/io/shepherd/simulator/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /** Name -> classpath of each service whose classpath file the build wrote ({@code <module>/target/runtime-classpath.txt}). */
    public static Map<String, String> classpaths(Function<String, String> classpathFileOf) throws IOException {
        Map<String, String> services = new java.util.LinkedHashMap<>();
        for (String name : List.of("streams", "alert-router", "projections")) {
            String file = classpathFileOf.apply(name);
            if (file != null && Files.isRegularFile(Path.of(file))) {
                Path classes = Path.of(file).toAbsolutePath().resolveSibling("classes");
                services.put(name, classes + java.io.File.pathSeparator + Files.readString(Path.of(file)).trim());
            }
        }
        return services;
    }

    public Receiver receiver() {
        return receiver;
    }

    public List<ChildService> children() {
        return List.copyOf(children);
    }

    /** The first service that is no longer running, if any. */
    public java.util.Optional<ChildService> exited() {
        return children.stream().filter(c -> !c.alive()).findFirst();
    }

    @Override
    public void close() {
        for (int i = children.size() - 1; i >= 0; i--) {
            try {
                children.get(i).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        receiver.close();
    }
}
