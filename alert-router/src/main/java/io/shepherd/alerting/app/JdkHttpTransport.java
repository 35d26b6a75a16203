package io.shepherd.alerting.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.shepherd.alerting.notify.http.HttpReply;
import io.shepherd.alerting.notify.http.HttpTransport;

/**
 * {@link HttpTransport} over the JDK client, with connect and request timeouts so a hung receiver counts as down; the
 * whole exchange, body included, is bounded too, so a receiver that stalls mid-answer frees its lane.
 */
final class JdkHttpTransport implements HttpTransport {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration EXCHANGE_TIMEOUT = REQUEST_TIMEOUT.plusSeconds(2);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    @Override
    public HttpReply postJson(URI url, String body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = exchange.get(EXCHANGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new HttpReply(response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + EXCHANGE_TIMEOUT);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getClass().getSimpleName(), e.getCause());
        }
    }
}
