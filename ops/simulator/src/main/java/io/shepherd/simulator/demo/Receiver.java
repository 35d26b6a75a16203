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
 * per message, and keeps every body (in memory and one JSON line per message under its folder).
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
        return base() + "/slack";
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
        synchronized (this) {
            received.add(new Received(name, body));
            Files.writeString(folder.resolve(name + ".jsonl"), body.replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        print.accept(String.format("[%-9s] %s", name, describe(name, body)));
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(name.equals("pagerduty") ? 202 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
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
