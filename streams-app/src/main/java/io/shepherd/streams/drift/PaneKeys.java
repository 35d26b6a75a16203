package io.shepherd.streams.drift;

/** Store keys of panes: {@code <model>|<version>|<pane start, zero-padded>}, so a prefix scan lists a version's panes in time order. */
final class PaneKeys {

    private PaneKeys() {
    }

    static String of(String versionKey, long paneStart) {
        return versionKey + "|" + String.format("%019d", paneStart);
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
