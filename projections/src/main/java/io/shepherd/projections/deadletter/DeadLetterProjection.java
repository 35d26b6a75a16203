package io.shepherd.projections.deadletter;

import java.nio.ByteBuffer;

import io.shepherd.events.DeadLettered;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.Projection;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;

/** The dead letters of every Shepherd service, with the original bytes kept (base64, not searched). */
public final class DeadLetterProjection implements Projection<DeadLettered> {

    @Override
    public Class<DeadLettered> eventType() {
        return DeadLettered.class;
    }

    @Override
    public ProjectionIndex index() {
        return ProjectionIndex.DEAD_LETTERS;
    }

    @Override
    public ProjectedDocument toDocument(DeadLettered e) {
        DeadLetterDocument doc = new DeadLetterDocument(Times.iso(e.getFailedAt()), e.getEventId(), e.getApplication(),
                e.getSourceTopic(), e.getSourcePartition(), e.getSourceOffset(), e.getReason(), e.getDetail(),
                e.getModelId(), bytes(e.getOriginalKey()), bytes(e.getOriginalValue()), null, null, null);
        return new ProjectedDocument(index().indexName(), e.getEventId(), ProjectedDocument.IMMUTABLE, doc);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
