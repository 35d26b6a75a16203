package io.shepherd.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.SourceHealth;

/** What every evidence bundle of every event must hold to: facts that say what they are, and no NaN anywhere. */
public final class EvidenceChecks {

    private EvidenceChecks() {
    }

    /** Every evidence item of the events, in their evidence and in each of their sources. */
    public static List<EvidenceItem> items(List<ModelHealthChanged> events) {
        return bundles(events).stream().flatMap(e -> e.getItems().stream()).toList();
    }

    /** The items of one cause, across the events. */
    public static List<EvidenceItem> items(List<ModelHealthChanged> events, String cause) {
        return items(events).stream().filter(i -> i.getKind().equals(cause)).toList();
    }

    /** Each event's items name their statistic and carry no NaN; its summaries have no NaN and no raw doubles. */
    public static void stateTheirFacts(List<ModelHealthChanged> events) {
        assertThat(items(events)).allSatisfy(EvidenceChecks::statesItsFacts);
        assertThat(bundles(events)).allSatisfy(e -> assertThat(e.getSummary()).doesNotContain("NaN")
                .doesNotContainPattern("\\d\\.\\d{10,}").doesNotContainPattern("\\dE-?\\d"));
    }

    public static void statesItsFacts(EvidenceItem item) {
        assertThat(item.getStatistic()).as("statistic of %s %s", item.getKind(), item.getSubject()).isNotBlank();
        assertThat(Stream.concat(Stream.of(item.getValue()), Stream.of(item.getThreshold(), item.getMeasured(), item.getReference(),
                        item.getLower(), item.getUpper(), item.getConfidence(), item.getPValue()).filter(Objects::nonNull)))
                .as("numbers of %s %s", item.getKind(), item.getSubject())
                .allSatisfy(x -> assertThat(x).isFinite());
    }

    private static List<Evidence> bundles(List<ModelHealthChanged> events) {
        List<Evidence> all = new ArrayList<>();
        for (ModelHealthChanged e : events) {
            all.add(e.getEvidence());
            e.getSources().stream().map(SourceHealth::getEvidence).forEach(all::add);
        }
        return all;
    }
}
