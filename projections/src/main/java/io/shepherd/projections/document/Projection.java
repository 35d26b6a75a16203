package io.shepherd.projections.document;

/** The pure mapping of one event type to the document that represents it in one index. */
public interface Projection<E> {

    Class<E> eventType();

    /** The index (and index template) the documents go to. */
    ProjectionIndex index();

    ProjectedDocument toDocument(E event);
}
