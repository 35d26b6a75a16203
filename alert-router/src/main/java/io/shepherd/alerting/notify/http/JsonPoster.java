package io.shepherd.alerting.notify.http;

import java.io.IOException;
import java.net.URI;

import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Retrier;

/** Posts one JSON request with retries; a failed connection counts as retryable. The URL never appears in a reason. */
public final class JsonPoster {

    private final HttpTransport transport;
    private final Retrier retrier;

    public JsonPoster(HttpTransport transport, Retrier retrier) {
        this.transport = transport;
        this.retrier = retrier;
    }

    public Delivery post(String receiver, URI url, String body) {
        return retrier.run(() -> {
            try {
                return transport.postJson(url, body).delivery(receiver);
            } catch (IOException e) {
                return new Delivery.Retryable(receiver + " unreachable: " + e.getClass().getSimpleName(), java.util.Optional.empty());
            }
        });
    }
}
