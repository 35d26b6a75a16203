package io.shepherd.monitoring;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A service's open operational endpoints (health, metrics) on one port: each path answers GET with what its supplier
 * gives now. Small on purpose: the JDK's HTTP server, a daemon thread, no framework.
 */
public final class HttpEndpoints implements AutoCloseable {

    /** One answer: status, content type, body. */
    public record Response(int status, String contentType, String body) {

        public static Response json(boolean ok, String body) {
            return new Response(ok ? 200 : 503, "application/json", body);
        }

        /** The Prometheus text exposition format. */
        public static Response prometheus(String body) {
            return new Response(200, "text/plain; version=0.0.4; charset=utf-8", body);
        }
    }

    private final HttpServer server;

    /** @param port 0 for any free port */
    public HttpEndpoints(String bindAddress, int port, Map<String, Supplier<Response>> routes) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
        routes.forEach((path, answer) -> server.createContext(path, exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    respond(exchange, new Response(405, "text/plain", "GET only\n"));
                } else if (!exchange.getRequestURI().getPath().equals(path)) {
                    respond(exchange, new Response(404, "text/plain", "not found\n"));
                } else {
                    respond(exchange, answer.get());
                }
            }
        }));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "shepherd-http-endpoints");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
