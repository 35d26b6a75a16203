package io.shepherd.alerting.nflog;

import java.time.Instant;
import java.util.Map;

/**
 * What one integration of one receiver was last told about one group: the firing alerts with their levels, when, and
 * whether the receiver took it ({@code delivered}) or refused it for good ({@code rejected: ...}).
 */
public record NotificationEntry(String key, Map<String, String> firing, Instant sentAt, String outcome) {

    public NotificationEntry {
        firing = Map.copyOf(firing);
    }

    public static String key(String receiver, String integration, String groupKey) {
        return receiver + "/" + integration + "/" + groupKey;
    }
}
