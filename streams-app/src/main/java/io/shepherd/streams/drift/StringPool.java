package io.shepherd.streams.drift;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of a few distinct UTF-8 byte sequences (model ids, versions, feature names, categories), read without
 * building a new String each time they recur: the same instance comes back, with its hash code already computed, so
 * the lookups keyed by it cost no hashing and their equality checks succeed on identity. Bounded: once
 * {@code capacity / 2} strings are pooled, further new ones are built and returned without being pooled. Not
 * thread-safe; one per processor.
 */
final class StringPool {

    /** Longer strings are not worth keeping (and are rarely repeated names). */
    static final int MAX_POOLED_BYTES = 128;

    private final byte[][] keys;
    private final String[] values;
    private final int mask;
    private int size;

    /** @param capacity a power of two */
    StringPool(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        keys = new byte[capacity][];
        values = new String[capacity];
        mask = capacity - 1;
    }

    /** The string of bytes[from, from + length) decoded as UTF-8, as {@code new String(..., UTF_8)} decodes it. */
    String get(byte[] bytes, int from, int length) {
        if (length > MAX_POOLED_BYTES) {
            return new String(bytes, from, length, StandardCharsets.UTF_8);
        }
        int i = hash(bytes, from, length) & mask;
        for (byte[] key = keys[i]; key != null; key = keys[i]) {
            if (Arrays.equals(key, 0, key.length, bytes, from, from + length)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        String value = new String(bytes, from, length, StandardCharsets.UTF_8);
        if (size < (mask + 1) / 2) {
            keys[i] = Arrays.copyOfRange(bytes, from, from + length);
            values[i] = value;
            size++;
        }
        return value;
    }

    int size() {
        return size;
    }

    private static int hash(byte[] bytes, int from, int length) {
        int h = 1;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 16);
    }
}
