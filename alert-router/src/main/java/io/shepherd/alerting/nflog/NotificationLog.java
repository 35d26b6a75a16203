package io.shepherd.alerting.nflog;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The notification log: the last entry per receiver, integration and group. An entry is written durably before it
 * counts, so that after a restart the pipeline knows what every receiver has already been told.
 */
public final class NotificationLog {

    private final Map<String, NotificationEntry> entries = new ConcurrentHashMap<>();
    private final Consumer<NotificationEntry> durableWrite;

    /** @param durableWrite stores an entry and returns once it is stored (throws when it could not be) */
    public NotificationLog(Consumer<NotificationEntry> durableWrite) {
        this.durableWrite = durableWrite;
    }

    public Optional<NotificationEntry> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public void record(NotificationEntry entry) {
        durableWrite.accept(entry);
        entries.put(entry.key(), entry);
    }

    /** Takes in an entry read back from the log topic (at start, or written by another instance). */
    public void restore(NotificationEntry entry) {
        entries.merge(entry.key(), entry, (mine, theirs) -> theirs.sentAt().isBefore(mine.sentAt()) ? mine : theirs);
    }

    public void forget(String key) {
        entries.remove(key);
    }

    public int size() {
        return entries.size();
    }
}
