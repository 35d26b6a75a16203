package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link XorDoubles} keeps every bit of every double, and spends fewer bytes on runs of close or repeated values. */
class XorDoublesTest {

    @ParameterizedTest(name = "{0} values")
    @ValueSource(ints = {0, 1, 2, 3, 64, 65})
    void keepsEveryBit(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] specials = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
                Double.longBitsToDouble(0x7ff8_0000_0000_0001L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, 1};
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextInt(3) == 0 ? specials[random.nextInt(specials.length)] : random.nextGaussian();
        }

        double[] read = roundTrip(values);

        assertThat(Arrays.stream(read).mapToLong(Double::doubleToRawLongBits).toArray())
                .isEqualTo(Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray());
    }

    @Test
    void sortedCloseValuesAndRepeatsTakeLessThanEightBytesEach() {
        double[] sorted = new double[100];
        double[] repeats = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = 1 + i / 1000.0;
            repeats[i] = i / 10;
        }

        assertThat(XorDoubles.size(sorted, 100)).isLessThan(8 * 100 * 9 / 10);
        assertThat(XorDoubles.size(repeats, 100)).isLessThan(8 * 100 / 3);
        assertThat(roundTrip(sorted)).isEqualTo(sorted);
        assertThat(roundTrip(repeats)).isEqualTo(repeats);
    }

    @Test
    void refusesABadPairHeader() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {(byte) 0x98, 0, 0});

        assertThatThrownBy(() -> XorDoubles.get(buf, new double[2], 2, "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pair header");
        assertThatThrownBy(() -> XorDoubles.get(ByteBuffer.wrap(new byte[] {0x07, 1}), new double[1], 1, "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pair header");
        assertThatThrownBy(() -> XorDoubles.get(ByteBuffer.wrap(new byte[] {0x08, 1}), new double[1], 1, "test"))
                .isInstanceOf(BufferUnderflowException.class);
    }

    private static double[] roundTrip(double[] values) {
        int n = values.length;
        ByteBuffer buf = ByteBuffer.allocate(XorDoubles.size(values, n));
        XorDoubles.put(buf, values, n);
        assertThat(buf.hasRemaining()).isFalse();
        double[] read = new double[n];
        buf.flip();
        XorDoubles.get(buf, read, n, "test");
        assertThat(buf.hasRemaining()).isFalse();
        return read;
    }
}
