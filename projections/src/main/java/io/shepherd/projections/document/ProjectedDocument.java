package io.shepherd.projections.document;

import java.util.Objects;

/**
 * One Elasticsearch document derived from one event: its index, a deterministic {@code _id} (a replay writes the same
 * id), and the external version that decides which of two writes of that id wins (a restated window carries its
 * revision; an immutable event always carries {@link #IMMUTABLE}, so a replay is a version conflict and changes nothing).
 */
public record ProjectedDocument(String index, String id, long version, Object source) {

    /** The version of documents whose event is never restated. */
    public static final long IMMUTABLE = 1;

    public ProjectedDocument {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        if (version < 1) {
            throw new IllegalArgumentException("external versions start at 1, got " + version + " for " + index + "/" + id);
        }
    }
}
