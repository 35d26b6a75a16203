package io.shepherd.streams.drift.stats;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Shared rules of the byte formats of sketches and tallies: a leading version byte, length-prefixed blocks, and clear
 * errors on bad input.
 */
public final class SketchFormat {

    private SketchFormat() {
    }

    /**
     * Reads {@code bytes} with {@code reader} after checking the version byte, turning truncation and trailing garbage
     * into {@link IllegalArgumentException}s that name the type.
     */
    public static <T> T read(String type, int version, byte[] bytes, Function<ByteBuffer, T> reader) {
        return read(type, version, version, bytes, (v, buf) -> reader.apply(buf));
    }

    /** Like {@link #read(String, int, byte[], Function)}, for a type that still reads older versions of its format. */
    public static <T> T read(String type, int oldestVersion, int version, byte[] bytes, BiFunction<Integer, ByteBuffer, T> reader) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("no bytes to read a " + type + " from");
        }
        if (bytes[0] < oldestVersion || bytes[0] > version) {
            throw new IllegalArgumentException("unknown " + type + " format version " + bytes[0] + ", expected "
                    + (oldestVersion == version ? String.valueOf(version) : oldestVersion + " to " + version));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        T value;
        try {
            value = reader.apply((int) bytes[0], buf);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated " + type + " bytes: " + bytes.length + " bytes", e);
        }
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException(buf.remaining() + " trailing bytes after a " + type);
        }
        return value;
    }

    public static void require(boolean condition, String type, String what) {
        if (!condition) {
            throw new IllegalArgumentException("corrupt " + type + " bytes: " + what);
        }
    }

    /** Reads a length-prefixed byte block, checking the length against what is left. */
    public static byte[] getBlock(ByteBuffer buf) {
        int length = buf.getInt();
        if (length < 0 || length > buf.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] block = new byte[length];
        buf.get(block);
        return block;
    }

    public static int blockSize(byte[] block) {
        return 4 + block.length;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String getString(ByteBuffer buf) {
        return new String(getBlock(buf), StandardCharsets.UTF_8);
    }

    public static void putBlock(ByteBuffer buf, byte[] block) {
        buf.putInt(block.length);
        buf.put(block);
    }
}
