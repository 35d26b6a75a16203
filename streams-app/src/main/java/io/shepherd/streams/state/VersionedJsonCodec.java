package io.shepherd.streams.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A state value as a format version byte followed by JSON: small, readable in a changelog dump, and versioned. */
public final class VersionedJsonCodec<V> implements Codec<V> {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final byte format;
    private final Class<V> type;

    public VersionedJsonCodec(byte format, Class<V> type) {
        this.format = format;
        this.type = type;
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
        if (bytes.length == 0 || bytes[0] != format) {
            throw new IllegalArgumentException("unknown " + type.getSimpleName() + " format "
                    + (bytes.length == 0 ? "(empty)" : bytes[0]) + ", expected " + format);
        }
        try {
            return JSON.readValue(Arrays.copyOfRange(bytes, 1, bytes.length), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
