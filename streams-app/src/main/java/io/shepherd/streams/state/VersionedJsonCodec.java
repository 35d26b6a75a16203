package io.shepherd.streams.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A state value as a format version byte followed by JSON: small, readable in a changelog dump, and versioned. It
 * writes its current format; it reads that one and every older format it was told how to upgrade ({@link #readingAlso}),
 * so a changelog written by the previous release still restores.
 */
public final class VersionedJsonCodec<V> implements Codec<V> {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final byte format;
    private final Class<V> type;
    private final Map<Byte, Function<byte[], V>> older;

    public VersionedJsonCodec(byte format, Class<V> type) {
        this(format, type, Map.of());
    }

    private VersionedJsonCodec(byte format, Class<V> type, Map<Byte, Function<byte[], V>> older) {
        this.format = format;
        this.type = type;
        this.older = Map.copyOf(older);
    }

    /** This codec, also reading {@code oldFormat} as {@code oldType} and upgrading it. */
    public <O> VersionedJsonCodec<V> readingAlso(byte oldFormat, Class<O> oldType, Function<O, V> upgrade) {
        if (oldFormat == format) {
            throw new IllegalArgumentException("format " + oldFormat + " is the current format of " + type.getSimpleName());
        }
        Map<Byte, Function<byte[], V>> readers = new HashMap<>(older);
        readers.put(oldFormat, body -> upgrade.apply(read(body, oldType)));
        return new VersionedJsonCodec<>(format, type, readers);
    }

    @Override
    public byte[] encode(V value) {
        try {
            byte[] body = JSON.writeValueAsBytes(value);
            byte[] bytes = new byte[body.length + 1];
            bytes[0] = format;
            System.arraycopy(body, 0, bytes, 1, body.length);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public V decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == format) {
            return read(Arrays.copyOfRange(bytes, 1, bytes.length), type);
        }
        Function<byte[], V> upgrade = bytes.length == 0 ? null : older.get(bytes[0]);
        if (upgrade == null) {
            throw new IllegalArgumentException("unknown " + type.getSimpleName() + " format "
                    + (bytes.length == 0 ? "(empty)" : bytes[0]) + ", expected " + format);
        }
        return upgrade.apply(Arrays.copyOfRange(bytes, 1, bytes.length));
    }

    private static <T> T read(byte[] body, Class<T> as) {
        try {
            return JSON.readValue(body, as);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
