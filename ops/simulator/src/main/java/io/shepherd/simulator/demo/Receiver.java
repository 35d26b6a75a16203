package io.shepherd.simulator.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for Slack and PagerDuty on 127.0.0.1 when no real ones are configured: answers as they do, prints a line
 * per message, and keeps every body (in memory and one JSON line per message under its folder). Like the real ones it
 * has secrets, new for each start: the Slack webhook's path and the PagerDuty routing key. A message to another path or
 * with another key is refused as Slack (404 {@code no_service}) and PagerDuty (400) refuse it, so a run whose services
 * lost their secrets fails, and a run's logs can be searched for them.
 */
public final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message received. */
    public record Received(String receiver, String body) {
    }

    private final HttpServer server;
    private final Path folder;
    private final Consumer<String> print;
    private final List<Received> received = new ArrayList<>();
    private final String slackPath = "/slack/services/T" + secret() + "/B" + secret() + "/" + secret();
    private final String routingKey = "R" + secret() + secret();

    private Receiver(HttpServer server, Path folder, Consumer<String> print) {
        this.server = server;
        this.folder = folder;
        this.print = print;
    }

    public static Receiver start(Path folder, Consumer<String> print) throws IOException {
        Files.createDirectories(folder);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Receiver receiver = new Receiver(server, folder, print);
        server.createContext("/slack", exchange -> receiver.handle("slack", exchange, "ok"));
        server.createContext("/pagerduty", exchange -> receiver.handle("pagerduty", exchange,
                "{\"status\":\"success\",\"message\":\"Event processed\"}"));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return receiver;
    }

    public String slackUrl() {
        return base() + slackPath;
    }

    /** The PagerDuty integration key messages must carry. */
    public String routingKey() {
        return routingKey;
    }

    public String pagerDutyUrl() {
        return base() + "/pagerduty";
    }

    public Path folder() {
        return folder;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(String name, HttpExchange exchange, String reply) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!authorized(name, exchange.getRequestURI().getPath(), body)) {
            print.accept(String.format("[%-9s] refused: %s", name, name.equals("slack") ? "unknown webhook path" : "wrong routing key"));
            reply(exchange, name.equals("slack") ? 404 : 400, name.equals("slack") ? "no_service"
                    : "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Invalid routing key\"]}");
            return;
        }
        synchronized (this) {
            received.add(new Received(name, body));
            Files.writeString(folder.resolve(name + ".jsonl"), body.replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        print.accept(String.format("[%-9s] %s", name, describe(name, body)));
        reply(exchange, name.equals("pagerduty") ? 202 : 200, reply);
    }

    private boolean authorized(String name, String path, String body) {
        if (name.equals("slack")) {
            return path.equals(slackPath);
        }
        try {
            return JSON.readTree(body).path("routing_key").asText("").equals(routingKey);
        } catch (IOException e) {
            return false;
        }
    }

    private static void reply(HttpExchange exchange, int status, String reply) throws IOException {
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String secret() {
        return java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(java.util.Locale.ROOT);
    }

    /** The line a human reads: Slack's fallback text (first line), PagerDuty's action and summary. */
    static String describe(String name, String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (name.equals("slack")) {
                return json.path("text").asText("").replace("\n", " | ");
            }
            return json.path("event_action").asText("?") + ": " + json.path("payload").path("summary").asText(json.path("dedup_key").asText(""));
        } catch (IOException e) {
            return "(not JSON) " + body;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
