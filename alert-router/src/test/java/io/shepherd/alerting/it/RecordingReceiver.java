package io.shepherd.alerting.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback standing in for Slack or PagerDuty: it records every JSON request and answers with
 * scripted statuses (then {@code okStatus}), so tests see exactly what a receiver would.
 */
final class RecordingReceiver implements AutoCloseable {

    record Reply(int status, String retryAfter, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final int okStatus;
    private final Deque<Reply> script = new ConcurrentLinkedDeque<>();
    private volatile Reply always;
    private volatile long alwaysUntilNanos;
    private final List<JsonNode> accepted = new ArrayList<>();
    private final List<JsonNode> all = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();

    RecordingReceiver(int okStatus) throws IOException {
        this.okStatus = okStatus;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests get these replies, in order; after them every request gets {@code okStatus}. */
    void answerNext(Reply... replies) {
        script.addAll(List.of(replies));
    }

    /** Every request gets this reply (after any scripted ones) until {@link #recover}. */
    void answerEveryRequest(Reply reply) {
        answerEveryRequestFor(reply, Duration.ofDays(1));
    }

    /** Every request gets this reply (after any scripted ones) for this long from now. */
    void answerEveryRequestFor(Reply reply, Duration duration) {
        alwaysUntilNanos = System.nanoTime() + duration.toNanos();
        always = reply;
    }

    /** Back to {@code okStatus} for every request that is not scripted. */
    void recover() {
        always = null;
    }

    synchronized List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    synchronized List<JsonNode> accepted(Predicate<JsonNode> filter) {
        return accepted.stream().filter(filter).toList();
    }

    synchronized List<JsonNode> all(Predicate<JsonNode> filter) {
        return all.stream().filter(filter).toList();
    }

    /** Nanotimes at which the requests matching the filter arrived. */
    synchronized List<Long> arrivals(Predicate<JsonNode> filter) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (filter.test(all.get(i))) {
                times.add(arrivals.get(i));
            }
        }
        return times;
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = JSON.readTree(in.readAllBytes());
        }
        Reply reply = script.poll();
        Reply every = always;
        if (reply == null && every != null && System.nanoTime() < alwaysUntilNanos) {
            reply = every;
        }
        int status = reply == null ? okStatus : reply.status();
        synchronized (this) {
            all.add(body);
            arrivals.add(System.nanoTime());
            if (status >= 200 && status < 300) {
                accepted.add(body);
            }
        }
        if (reply != null && reply.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
        }
        byte[] answer = (reply == null || reply.body() == null ? "{\"status\":\"success\"}" : reply.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
