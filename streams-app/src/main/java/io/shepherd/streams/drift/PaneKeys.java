package io.shepherd.streams.drift;

/** Store keys of panes: {@code <model>|<version>|<pane start, zero-padded>}, so a prefix scan lists a version's panes in time order. */
final class PaneKeys {

    private PaneKeys() {
    }

    /** On every record: padded by hand, String.format was a tenth of the processor's time. */
    static String of(String versionKey, long paneStart) {
        if (paneStart < 0) {
            return versionKey + "|" + String.format("%019d", paneStart);
        }
        String digits = Long.toString(paneStart);
        StringBuilder key = new StringBuilder(versionKey.length() + 20).append(versionKey).append('|');
        for (int i = digits.length(); i < 19; i++) {
            key.append('0');
        }
        return key.append(digits).toString();
    }

    static String versionOf(String paneKey) {
        return paneKey.substring(0, paneKey.lastIndexOf('|'));
    }

    static long paneOf(String paneKey) {
        return Long.parseLong(paneKey.substring(paneKey.lastIndexOf('|') + 1));
    }

    static String modelOf(String versionKey) {
        return versionKey.substring(0, versionKey.lastIndexOf('|'));
    }
}
