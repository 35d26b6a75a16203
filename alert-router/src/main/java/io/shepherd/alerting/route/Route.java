package io.shepherd.alerting.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node of the routing tree, as in Alertmanager: an alert enters a node whose matchers it satisfies, goes down to the
 * first matching child (and further ones while they say {@code continue}), and ends at the deepest nodes it reached.
 *
 * @param id         path of the node in the tree, part of the group key
 * @param groupBy    labels whose values split alerts into notification groups
 * @param groupWait  wait before the first notification of a new group, so that alerts arriving together go together
 * @param groupInterval wait between notifications of a group that changed
 * @param repeatInterval wait before an unchanged group is notified again
 */
public record Route(String id, List<Matcher> matchers, String receiver, List<String> groupBy, Duration groupWait,
                    Duration groupInterval, Duration repeatInterval, boolean continueMatching, List<Route> routes) {

    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }

    /** The nodes an alert with these labels ends at; empty when even this node does not match. */
    public List<Route> match(Map<String, String> labels) {
        if (!Matcher.all(matchers, labels)) {
            return List.of();
        }
        List<Route> hits = new ArrayList<>();
        for (Route child : routes) {
            List<Route> childHits = child.match(labels);
            hits.addAll(childHits);
            if (!childHits.isEmpty() && !child.continueMatching()) {
                break;
            }
        }
        return hits.isEmpty() ? List.of(this) : hits;
    }

    /** Key of the notification group this alert belongs to under this node. */
    public String groupKey(Map<String, String> labels) {
        StringBuilder key = new StringBuilder(id).append(":{");
        for (int i = 0; i < groupBy.size(); i++) {
            key.append(i == 0 ? "" : ",").append(groupBy.get(i)).append("=\"").append(labels.getOrDefault(groupBy.get(i), "")).append('"');
        }
        return key.append('}').toString();
    }
}
