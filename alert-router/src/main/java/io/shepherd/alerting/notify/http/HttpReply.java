package io.shepherd.alerting.notify.http;

import java.time.Duration;
import java.util.Optional;

import io.shepherd.alerting.notify.Delivery;

/** A receiver's answer: status, Retry-After header (seconds) and body. */
public record HttpReply(int status, Optional<String> retryAfter, String body) {

    /** 2xx delivered; 429 and 5xx worth retrying (honouring Retry-After); any other status refused for good. */
    public Delivery delivery(String receiver) {
        if (status >= 200 && status < 300) {
            return Delivery.DELIVERED;
        }
        String reason = receiver + " answered HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
        if (status == 429 || status >= 500) {
            return new Delivery.Retryable(reason, retryAfter.flatMap(HttpReply::seconds));
        }
        return new Delivery.Rejected(reason);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
