package io.shepherd.streams.drift;

import java.util.Arrays;

/**
 * A growable byte array written in {@link java.io.DataOutputStream}'s formats (big-endian numbers, modified UTF-8
 * strings), so {@link java.io.DataInputStream} reads it back. Written for one {@link DriftChange} per event: a
 * DataOutputStream over a ByteArrayOutputStream makes three synchronized calls per feature, a third of the cost of
 * logging an event of 1,000 features.
 */
final class ByteWriter {

    private byte[] bytes;
    private int size;

    ByteWriter(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    ByteWriter putByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    ByteWriter putInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    ByteWriter putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    ByteWriter putDouble(double v) {
        return putLong(Double.doubleToLongBits(v));
    }

    ByteWriter putFloat(float v) {
        return putInt(Float.floatToIntBits(v));
    }

    /** As {@link java.io.DataOutputStream#writeUTF}: an unsigned short length, then modified UTF-8. */
    ByteWriter putUtf(String s) {
        int length = s.length();
        ensure(2 + 3 * length);
        int start = size;
        size += 2;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                bytes[size++] = (byte) c;
            } else if (c <= 0x07FF) {
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else {
                bytes[size++] = (byte) (0xE0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        int encoded = size - start - 2;
        if (encoded > 0xFFFF) {
            throw new IllegalArgumentException("string of " + encoded + " bytes is too long to encode: " + s.substring(0, 40) + "...");
        }
        bytes[start] = (byte) (encoded >>> 8);
        bytes[start + 1] = (byte) encoded;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
