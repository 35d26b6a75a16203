package io.shepherd.alerting.mute;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.route.InhibitRule;
import io.shepherd.alerting.route.Matcher;

/** Mutes an alert while another firing alert matches an inhibit rule's source with the same {@code equal} labels. */
public final class Inhibitor implements Muter {

    private final List<InhibitRule> rules;
    private final Supplier<Collection<Alert>> firing;

    public Inhibitor(List<InhibitRule> rules, Supplier<Collection<Alert>> firing) {
        this.rules = List.copyOf(rules);
        this.firing = firing;
    }

    @Override
    public boolean mutes(Alert alert, Instant now) {
        return rules.stream().filter(rule -> Matcher.all(rule.target(), alert.labels()))
                .anyMatch(rule -> firing.get().stream().anyMatch(source -> inhibits(rule, source, alert)));
    }

    private static boolean inhibits(InhibitRule rule, Alert source, Alert target) {
        return !source.id().equals(target.id()) && !source.resolved() && Matcher.all(rule.source(), source.labels())
                && rule.equal().stream().allMatch(label -> source.label(label).equals(target.label(label)));
    }
}
