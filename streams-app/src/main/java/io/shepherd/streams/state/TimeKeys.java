package io.shepherd.streams.state;

/**
 * Store keys {@code <prefix>|<time, zero-padded to 19 digits>}: a prefix scan lists one version's windows in time
 * order. Times are epoch milliseconds, never negative for real events.
 */
public final class TimeKeys {

    private static final int DIGITS = 19;

    private TimeKeys() {
    }

    public static String of(String prefix, long time) {
        if (time < 0) {
            throw new IllegalArgumentException("negative time " + time + " for " + prefix);
        }
        String digits = Long.toString(time);
        StringBuilder key = new StringBuilder(prefix.length() + 1 + DIGITS).append(prefix).append('|');
        for (int i = digits.length(); i < DIGITS; i++) {
            key.append('0');
        }
        return key.append(digits).toString();
    }

    public static String prefixOf(String key) {
        return key.substring(0, key.lastIndexOf('|'));
    }

    public static long timeOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('|') + 1));
    }
}
