package io.shepherd.alerting.mute;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.shepherd.alerting.route.Matcher;

/**
 * A silence: alerts whose labels satisfy every matcher stay quiet from {@code startsAt} until {@code endsAt}.
 * {@code updatedAt} is when it was last created, changed or expired. One expired before it began starts and ends at
 * the same instant; a request must ask for a silence that lasts ({@link SilenceJson#fromRequest}).
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment,
        Instant updatedAt) {

    public Silence {
        Objects.requireNonNull(id, "id");
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("a silence cannot end before it starts: " + startsAt + " .. " + endsAt);
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new IllegalArgumentException("a silence needs its author (createdBy)");
        }
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("a silence needs a comment saying why");
        }
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public boolean activeAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    public boolean matches(Map<String, String> labels) {
        return Matcher.all(matchers, labels);
    }

    /**
     * The same silence ending at {@code now} (or unchanged when it already ended); one not yet started starts and ends
     * at {@code now}, so it never mutes anything, as in Alertmanager.
     */
    public Silence expiredAt(Instant now) {
        if (!now.isBefore(endsAt)) {
            return this;
        }
        return new Silence(id, matchers, now.isBefore(startsAt) ? now : startsAt, now, createdBy, comment, now);
    }

    public String state(Instant now) {
        return now.isBefore(startsAt) ? "pending" : activeAt(now) ? "active" : "expired";
    }
}
