package io.shepherd.streams.drift;

import java.util.HashMap;
import java.util.Map;

/**
 * The store key of one model version ({@code <model>|<version>}), built once per version instead of for every event,
 * so the stores' hash lookups reuse one string and its cached hash code.
 */
final class VersionKeys {

    private final String version;

    private VersionKeys(String version) {
        this.version = version;
    }

    /** The key of the version's reference and progress. */
    String version() {
        return version;
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
