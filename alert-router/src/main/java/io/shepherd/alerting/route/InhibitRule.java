package io.shepherd.alerting.route;

import java.util.List;

/**
 * Alertmanager's inhibition: a firing alert matching {@code source} mutes alerts matching {@code target} that carry
 * the same values for the {@code equal} labels. An alert never mutes itself.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {

    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }
}
