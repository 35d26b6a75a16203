package io.shepherd.alerting.mute;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.route.Matcher;

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

    /**
     * The silences Alertmanager's API would list: those in one of {@code states} (pending, active, expired) whose own
     * matchers include each of {@code filter} (the same name, operator and value: a filter names silences, it does not
     * test labels), active ones first, the next to end first, then pending ones, the next to start first, then expired
     * ones, the last to end first.
     */
    public List<Silence> query(List<Matcher> filter, Set<String> states, Instant now) {
        return byId.values().stream().filter(s -> states.contains(s.state(now)) && s.matchers().containsAll(filter))
                .sorted(listOrder(now)).toList();
    }

    private static Comparator<Silence> listOrder(Instant now) {
        List<String> states = List.of("active", "pending", "expired");
        return (a, b) -> {
            String state = a.state(now);
            int byState = Integer.compare(states.indexOf(state), states.indexOf(b.state(now)));
            if (byState != 0) {
                return byState;
            }
            int byTime = switch (state) {
                case "active" -> a.endsAt().compareTo(b.endsAt());
                case "pending" -> a.startsAt().compareTo(b.startsAt());
                default -> b.endsAt().compareTo(a.endsAt());
            };
            return byTime != 0 ? byTime : a.id().compareTo(b.id());
        };
    }

    public Collection<Silence> activeAt(Instant now) {
        return byId.values().stream().filter(s -> s.activeAt(now)).toList();
    }

    @Override
    public boolean mutes(Alert alert, Instant now) {
        return byId.values().stream().anyMatch(s -> s.activeAt(now) && s.matches(alert.labels()));
    }
}
