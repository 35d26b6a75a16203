package io.shepherd.streams.lifecycle;

import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.streams.state.VersionedJsonCodec;

/** The model directory's value format: a version byte, then the history as JSON (small, and readable in a dump). */
final class ModelHistoryCodec {

    private static final VersionedJsonCodec<ModelHistory> CODEC = new VersionedJsonCodec<>((byte) 1, ModelHistory.class);

    private ModelHistoryCodec() {
    }

    static byte[] encode(ModelHistory history) {
        return CODEC.encode(history);
    }

    static ModelHistory decode(byte[] bytes) {
        return CODEC.decode(bytes);
    }
}
