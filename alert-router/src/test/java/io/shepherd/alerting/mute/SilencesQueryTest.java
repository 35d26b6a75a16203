package io.shepherd.alerting.mute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shepherd.alerting.route.Matcher;

/** Listing silences as Alertmanager's API does: filters name a silence's own matchers; active, pending, expired order. */
class SilencesQueryTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofHours(1));

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource(delimiterString = " | ", textBlock = """
            # filter, '&' between matchers                  | states                  | ids in order
            -                                               | active,pending,expired | ends-2h,ends-3h,starts-90m,starts-2h,ended-45m,ended-30m
            modelId="fraud-scorer"                          | active,pending,expired | ends-2h,ends-3h,ended-30m
            modelId=fraud-scorer                            | active,pending,expired | ends-2h,ends-3h,ended-30m
            modelId="fraud-scorer" & cause=~"DRIFT|STALE"   | active,pending,expired | ends-3h
            cause="DRIFT"                                   | active,pending,expired | -
            modelId=~"fraud-.*"                             | active,pending,expired | ended-45m
            modelId!="search"                               | active,pending,expired | starts-90m
            modelId="search"                                | active,pending,expired | starts-2h
            modelId="search"                                | active,expired         | -
            -                                               | expired                | ended-45m,ended-30m
            -                                               | active,pending         | ends-2h,ends-3h,starts-90m,starts-2h
            """)
    void listsTheSilencesWhoseMatchersIncludeTheFilterInTheirStateOrder(String filter, String states, String expected) {
        Silences silences = new Silences();
        silences.put(silence("ends-3h", T0, T0.plus(Duration.ofHours(3)), "modelId=\"fraud-scorer\"", "cause=~\"DRIFT|STALE\""));
        silences.put(silence("ends-2h", T0, T0.plus(Duration.ofHours(2)), "modelId=\"fraud-scorer\""));
        silences.put(silence("starts-2h", T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(4)), "modelId=\"search\""));
        silences.put(silence("starts-90m", T0.plus(Duration.ofMinutes(90)), T0.plus(Duration.ofHours(4)), "modelId!=\"search\""));
        silences.put(silence("ended-30m", T0, T0.plus(Duration.ofMinutes(30)), "modelId=\"fraud-scorer\""));
        silences.put(silence("ended-45m", T0, T0.plus(Duration.ofMinutes(45)), "modelId=~\"fraud-.*\""));

        List<Matcher> matchers = filter.equals("-") ? List.of() : Arrays.stream(filter.split(" & ")).map(Matcher::parse).toList();
        List<String> ids = silences.query(matchers, Set.of(states.split(",")), NOW).stream().map(Silence::id).toList();

        assertThat(String.join(",", ids)).isEqualTo(expected.equals("-") ? "" : expected);
    }

    private static Silence silence(String id, Instant startsAt, Instant endsAt, String... matchers) {
        return new Silence(id, Arrays.stream(matchers).map(Matcher::parse).toList(), startsAt, endsAt, "ana", "why", startsAt);
    }
}
