package io.shepherd.alerting.notify.http;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import io.shepherd.alerting.notify.Delivery;

/**
 * Posts one JSON request, once: whoever calls it owns the retries. A failed connection or a timeout counts as
 * retryable. The URL never appears in a reason, even when a receiver echoes it.
 */
public final class JsonPoster {

    private final HttpTransport transport;

    public JsonPoster(HttpTransport transport) {
        this.transport = transport;
    }

    public Delivery post(String receiver, URI url, String body) {
        Delivery outcome;
        try {
            outcome = transport.postJson(url, body).delivery(receiver);
        } catch (IOException e) {
            outcome = new Delivery.Retryable(receiver + " unreachable: " + e.getClass().getSimpleName(), Optional.empty());
        }
        String path = url.getRawPath();
        return outcome.without(url.toString()).without(path != null && path.length() > 1 ? path : null);
    }
}
