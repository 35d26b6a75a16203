package io.shepherd.streams.performance.metrics;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Shared rules of the tallies' byte formats: a leading version byte, and clear errors on bad input. */
final class StateBytes {

    private StateBytes() {
    }

    /** Reads bytes written at {@code version}, turning truncation and trailing garbage into IllegalArgumentExceptions. */
    static <T> T read(String type, byte version, byte[] bytes, Function<ByteBuffer, T> reader) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("no bytes to read a " + type + " from");
        }
        if (bytes[0] != version) {
            throw new IllegalArgumentException("unknown " + type + " format version " + bytes[0] + ", expected "
                    + version);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        T value;
        try {
            value = reader.apply(buf);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated " + type + " bytes: " + bytes.length + " bytes", e);
        }
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException(buf.remaining() + " trailing bytes after a " + type);
        }
        return value;
    }

    static void require(boolean condition, String type, String what) {
        if (!condition) {
            throw new IllegalArgumentException("corrupt " + type + " bytes: " + what);
        }
    }

    static int blockSize(byte[] block) {
        return 4 + block.length;
    }

    static void putBlock(ByteBuffer buf, byte[] block) {
        buf.putInt(block.length).put(block);
    }

    /** A length-prefixed block, its length checked against what is left. */
    static byte[] getBlock(ByteBuffer buf) {
        int length = buf.getInt();
        if (length < 0 || length > buf.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] block = new byte[length];
        buf.get(block);
        return block;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String getString(ByteBuffer buf) {
        return new String(getBlock(buf), StandardCharsets.UTF_8);
    }
}
