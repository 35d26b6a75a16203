package io.shepherd.streams.drift.stats;

import java.nio.ByteBuffer;

/**
 * A lossless byte format for a run of doubles that are often close to their predecessor (sorted centroid means,
 * repeated or whole values): each double's IEEE 754 bits XOR those of the one before (0 before the first), without
 * the leading zero bytes. Values are taken in pairs: a byte whose high and low nibbles count the leading zero bytes
 * (0 to 8) of the pair's first and second XOR (8 for the missing second of an odd count), then the first XOR's
 * remaining bytes and the second's, big-endian. Every bit is kept: -0.0 and 0.0, NaN payloads, subnormals.
 */
final class XorDoubles {

    private XorDoubles() {
    }

    /** Length of {@link #put} of values[0..n). */
    static int size(double[] values, int n) {
        int size = (n + 1) / 2;
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            size += 8 - zeroBytes(bits ^ previous);
            previous = bits;
        }
        return size;
    }

    static void put(ByteBuffer buf, double[] values, int n) {
        long previous = 0;
        for (int i = 0; i < n; i += 2) {
            long first = Double.doubleToRawLongBits(values[i]);
            long firstXor = first ^ previous;
            long secondXor = 0;
            int secondZeros = 8;
            if (i + 1 < n) {
                long second = Double.doubleToRawLongBits(values[i + 1]);
                secondXor = second ^ first;
                secondZeros = zeroBytes(secondXor);
                previous = second;
            }
            int firstZeros = zeroBytes(firstXor);
            buf.put((byte) (firstZeros << 4 | secondZeros));
            putLow(buf, firstXor, 8 - firstZeros);
            putLow(buf, secondXor, 8 - secondZeros);
        }
    }

    /** Reads n doubles written by {@link #put} into values[0..n). */
    static void get(ByteBuffer buf, double[] values, int n, String type) {
        long previous = 0;
        for (int i = 0; i < n; i += 2) {
            int zeros = buf.get() & 0xFF;
            int firstZeros = zeros >>> 4;
            int secondZeros = zeros & 0xF;
            SketchFormat.require(firstZeros <= 8 && secondZeros <= 8 && (i + 1 < n || secondZeros == 8), type,
                    "double pair header " + zeros);
            previous ^= getLow(buf, 8 - firstZeros);
            values[i] = Double.longBitsToDouble(previous);
            if (i + 1 < n) {
                previous ^= getLow(buf, 8 - secondZeros);
                values[i + 1] = Double.longBitsToDouble(previous);
            }
        }
    }

    private static int zeroBytes(long bits) {
        return Long.numberOfLeadingZeros(bits) / 8;
    }

    private static void putLow(ByteBuffer buf, long bits, int bytes) {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
            buf.put((byte) (bits >>> shift));
        }
    }

    private static long getLow(ByteBuffer buf, int bytes) {
        long bits = 0;
        for (int k = 0; k < bytes; k++) {
            bits = bits << 8 | (buf.get() & 0xFF);
        }
        return bits;
    }
}
