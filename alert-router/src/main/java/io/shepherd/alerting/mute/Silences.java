package io.shepherd.alerting.mute;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.shepherd.alerting.alert.Alert;

/** The silences every router instance knows, as read from the silences topic. */
public final class Silences implements Muter {

    private final Map<String, Silence> byId = new ConcurrentHashMap<>();

    public void put(Silence silence) {
        byId.put(silence.id(), silence);
    }

    public void remove(String id) {
        byId.remove(id);
    }

    public Optional<Silence> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Silence> all() {
        return byId.values().stream().sorted(Comparator.comparing(Silence::startsAt).thenComparing(Silence::id)).toList();
    }

    public Collection<Silence> activeAt(Instant now) {
        return byId.values().stream().filter(s -> s.activeAt(now)).toList();
    }

    @Override
    public boolean mutes(Alert alert, Instant now) {
        return byId.values().stream().anyMatch(s -> s.activeAt(now) && s.matches(alert.labels()));
    }
}
