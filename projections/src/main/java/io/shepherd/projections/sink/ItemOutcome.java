package io.shepherd.projections.sink;

/** What the sink does with Elasticsearch's answer for one bulk item. */
public enum ItemOutcome {
    /** Written: the offset may be committed. */
    WRITTEN,
    /** A version conflict: the index already holds this or a newer version (a replay, a stale revision). Done. */
    STALE,
    /** Elasticsearch is overloaded or a shard is unavailable: write again later. */
    RETRY,
    /** The document itself is wrong (mapping, parsing): it goes to the dead-letter index with the reason. */
    REJECTED;

    public static ItemOutcome of(int status) {
        if (status >= 200 && status < 300) {
            return WRITTEN;
        }
        if (status == 409) {
            return STALE;
        }
        if (status == 429 || status >= 500 || status == 408) {
            return RETRY;
        }
        return REJECTED;
    }
}
