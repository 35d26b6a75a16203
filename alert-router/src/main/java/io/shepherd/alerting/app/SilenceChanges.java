package io.shepherd.alerting.app;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.shepherd.alerting.mute.Silence;
import io.shepherd.alerting.mute.SilenceJson;
import io.shepherd.alerting.mute.Silences;

/**
 * The changes both silences APIs make. Each is written to the silences topic before it is answered, so every instance
 * sees it and it survives restarts, and logged with its author: the name {@link SilencesAuthFilter} authenticated,
 * which a created silence also carries as {@code createdBy}.
 */
@Component
class SilenceChanges {

    /** Where each change goes before it is answered: the compacted silences topic, keyed by silence id. */
    @FunctionalInterface
    interface Topic {
        void publish(Silence silence);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SilenceChanges.class);

    private final Silences silences;
    private final Topic topic;
    private final Clock clock;

    SilenceChanges(Silences silences, Topic topic, Clock clock) {
        this.silences = silences;
        this.topic = topic;
        this.clock = clock;
    }

    /**
     * The silence a request body asks for, under {@code id}, written by {@code author} when a credential was asked for.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    Silence requested(String body, String id, Optional<String> author) {
        return author.isPresent() ? SilenceJson.fromRequest(body, id, clock.instant(), author.get())
                : SilenceJson.fromRequest(body, id, clock.instant());
    }

    /** Saves a new silence, or one that replaces the silence of the same id. */
    void save(Silence silence, boolean replaced, Optional<String> author) {
        write(silence);
        LOG.info("silence {} {} by {} (createdBy {}) until {}: {}", silence.id(), replaced ? "replaced" : "created",
                who(author), printable(silence.createdBy()), silence.endsAt(), silence.matchers());
    }

    /** Ends the silence now (it stays listed, as expired; one that already ended is left as it is); empty when there is no such silence. */
    Optional<Silence> expire(String id, Optional<String> author) {
        return silences.find(id).map(s -> {
            Silence expired = s.expiredAt(clock.instant());
            if (!expired.equals(s)) {
                write(expired);
                LOG.info("silence {} expired by {} (createdBy {})", id, who(author), printable(s.createdBy()));
            }
            return expired;
        });
    }

    private void write(Silence silence) {
        topic.publish(silence);
        silences.put(silence);
    }

    private static String who(Optional<String> author) {
        return author.map(SilenceChanges::printable).orElse("an unauthenticated caller (no silences credential is configured)");
    }

    /** Names come from request bodies when no credential is configured: no line breaks into the log. */
    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }
}
