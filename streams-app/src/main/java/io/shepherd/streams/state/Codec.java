package io.shepherd.streams.state;

/** Bytes of a live state object, as written to its store's changelog. Formats start with a version byte. */
public interface Codec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);
}
