package io.shepherd.alerting.support;

import io.shepherd.alerting.route.RoutingConfig;
import io.shepherd.alerting.route.RoutingYaml;

/** Routing trees of tests. */
public final class Routings {

    private Routings() {
    }

    /** One receiver, {@code team}, told on Slack of every level, with a group wait of 30 s. */
    public static RoutingConfig slackOnly() {
        return RoutingYaml.parse("""
                receivers:
                  - name: team
                    integrations:
                      - {type: slack}
                route:
                  receiver: team
                  groupWait: 30s
                  groupInterval: 5m
                  repeatInterval: 4h
                """);
    }
}
