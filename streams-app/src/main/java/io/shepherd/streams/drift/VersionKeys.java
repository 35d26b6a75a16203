package io.shepherd.streams.drift;

import java.util.HashMap;
import java.util.Map;

/**
 * The store keys of one model version: its own ({@code <model>|<version>}) and that of the pane its events last went
 * to. Built once per version and per pane instead of for every event, so the stores' hash lookups reuse one string
 * and its cached hash code.
 */
final class VersionKeys {

    private final String version;
    private long paneStart = Long.MIN_VALUE;
    private String paneKey;

    private VersionKeys(String version) {
        this.version = version;
    }

    /** The key of the version's reference and progress. */
    String version() {
        return version;
    }

    /** The key of the version's pane starting at {@code start} ({@link PaneKeys#of}). */
    String pane(long start) {
        if (paneKey == null || start != paneStart) {
            paneKey = PaneKeys.of(version, start);
            paneStart = start;
        }
        return paneKey;
    }

    /** The keys of every version seen, by model id and version; one per processor. */
    static final class Cache {
        private final Map<String, Map<String, VersionKeys>> byModel = new HashMap<>();

        VersionKeys of(Observation observation) {
            Map<String, VersionKeys> versions = byModel.get(observation.modelId());
            if (versions == null) {
                versions = new HashMap<>();
                byModel.put(observation.modelId(), versions);
            }
            VersionKeys keys = versions.get(observation.modelVersion());
            if (keys == null) {
                keys = new VersionKeys(observation.versionKey());
                versions.put(observation.modelVersion(), keys);
            }
            return keys;
        }
    }
}
