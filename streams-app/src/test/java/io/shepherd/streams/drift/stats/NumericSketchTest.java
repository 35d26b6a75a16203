package io.shepherd.streams.drift.stats;

import static io.shepherd.streams.drift.stats.Samples.normal;
import static io.shepherd.streams.drift.stats.Samples.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumericSketchTest {

    @Test
    void countsMissingAndNonFiniteValuesApartFromTheFiniteOnes() {
        NumericSketch sketch = new NumericSketch();
        sketch.add(1);
        sketch.add(3);
        sketch.add(Double.NaN);
        sketch.add(Double.POSITIVE_INFINITY);
        sketch.add(Double.NEGATIVE_INFINITY);
        sketch.addNaN();
        sketch.addMissing();
        sketch.addMissing();

        assertThat(sketch.count()).isEqualTo(2);
        assertThat(sketch.nonFiniteCount()).isEqualTo(4);
        assertThat(sketch.missingCount()).isEqualTo(2);
        assertThat(sketch.totalCount()).isEqualTo(8);
        assertThat(sketch.mean()).isEqualTo(2.0);
        assertThat(sketch.standardDeviation()).isEqualTo(1.0);
        assertThat(sketch.min()).isEqualTo(1.0);
        assertThat(sketch.max()).isEqualTo(3.0);
    }

    @Test
    void anEmptySketchHasNoMomentsAndRoundTrips() {
        NumericSketch empty = new NumericSketch();

        assertThat(new double[] {empty.mean(), empty.standardDeviation(), empty.min(), empty.max(), empty.cdf(0),
                empty.quantile(0.5)}).containsOnly(Double.NaN);
        assertThat(NumericSketch.fromBytes(empty.toBytes()).toBytes()).isEqualTo(empty.toBytes());
    }

    @Test
    void momentsStayAccurateFarFromZero() {
        NumericSketch sketch = sketchOf(normal(1, 100_000, 1e9, 1));

        assertThat(sketch.mean()).isCloseTo(1e9, within(0.01));
        assertThat(sketch.standardDeviation()).isCloseTo(1.0, within(0.01));
    }

    static Stream<Arguments> splits() {
        return Stream.of(Arguments.of(50_000, 50_000), Arguments.of(1, 99_999), Arguments.of(90_000, 10_000),
                Arguments.of(0, 1000));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("splits")
    void mergeOfTwoPartsEqualsTheSketchOfTheWhole(int first, int second) {
        double[] values = normal(2, first + second, 3, 2);
        NumericSketch whole = sketchOf(values);
        NumericSketch merged = sketchOf(Arrays.copyOfRange(values, 0, first));
        NumericSketch part = sketchOf(Arrays.copyOfRange(values, first, values.length));
        part.addMissing();
        part.addNaN();
        byte[] partBefore = part.toBytes();

        merged.merge(part);

        assertThat(part.toBytes()).as("the merged-in sketch is unchanged").isEqualTo(partBefore);
        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.missingCount()).isEqualTo(1);
        assertThat(merged.nonFiniteCount()).isEqualTo(1);
        assertThat(merged.mean()).isCloseTo(whole.mean(), within(1e-9));
        assertThat(merged.standardDeviation()).isCloseTo(whole.standardDeviation(), within(1e-9));
        assertThat(merged.min()).isEqualTo(whole.min());
        assertThat(merged.max()).isEqualTo(whole.max());
        for (double q = 0.01; q < 1; q += 0.01) {
            assertThat(whole.cdf(merged.quantile(q))).as("rank of merged quantile %s", q).isCloseTo(q, within(0.006));
        }
        NumericScores scores = NumericDrift.compare(whole, merged);
        assertThat(scores.ks()).isLessThan(0.006);
        assertThat(scores.psi()).isLessThan(1e-3);
        assertThat(scores.wasserstein()).isLessThan(0.005);
    }

    @Test
    void mergeOfManyPanesEqualsTheSketchOfTheWhole() {
        double[] values = Samples.logNormal(3, 120_000, 0, 1);
        NumericSketch whole = sketchOf(values);
        NumericSketch window = new NumericSketch();
        for (int pane = 0; pane < 12; pane++) {
            NumericSketch paneSketch = sketchOf(Arrays.copyOfRange(values, pane * 10_000, (pane + 1) * 10_000));
            window.merge(NumericSketch.fromBytes(paneSketch.toBytes()));
        }

        NumericScores scores = NumericDrift.compare(whole, window);

        assertThat(window.count()).isEqualTo(whole.count());
        assertThat(scores.ks()).isLessThan(0.006);
        assertThat(scores.wasserstein()).isLessThan(0.005);
    }

    @Test
    void mergeOfDiscreteSketchesKeepsEveryValue() {
        double[] values = Samples.discrete(12, 40_000, 7, 3);
        long zeros = Arrays.stream(values).filter(v -> v == 0).count();
        NumericSketch merged = new NumericSketch();
        for (int part = 0; part < 4; part++) {
            merged.merge(sketchOf(Arrays.copyOfRange(values, part * 10_000, (part + 1) * 10_000)));
        }

        NumericSketch copy = NumericSketch.fromBytes(merged.toBytes());

        assertThat(copy.count()).isEqualTo(40_000);
        assertThat(copy.cdf(0)).isCloseTo(zeros / 40_000.0, within(1e-3));
        assertThat(copy.cdf(0.5)).isCloseTo(zeros / 40_000.0, within(1e-3));
        assertThat(copy.cdf(1)).isEqualTo(1.0);
    }

    @Test
    void refusesToMergeIntoItself() {
        NumericSketch sketch = new NumericSketch();

        assertThatThrownBy(() -> sketch.merge(sketch)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serdeRoundTripIsByteExactAndKeepsEveryScore() {
        NumericSketch reference = sketchOf(normal(4, 20_000, 0, 1));
        NumericSketch current = sketchOf(normal(5, 5_000, 0.3, 1.2));
        current.addMissing();
        current.addNaN();

        byte[] referenceBytes = reference.toBytes();
        byte[] currentBytes = current.toBytes();
        NumericSketch referenceCopy = NumericSketch.fromBytes(referenceBytes);
        NumericSketch currentCopy = NumericSketch.fromBytes(currentBytes);

        assertThat(referenceCopy.toBytes()).isEqualTo(referenceBytes);
        assertThat(currentCopy.toBytes()).isEqualTo(currentBytes);
        assertThat(NumericDrift.compare(referenceCopy, currentCopy)).isEqualTo(NumericDrift.compare(reference, current));
        assertThat(currentCopy.mean()).isEqualTo(current.mean());
        assertThat(currentCopy.standardDeviation()).isEqualTo(current.standardDeviation());
        assertThat(currentCopy.totalCount()).isEqualTo(current.totalCount());
        assertThat(currentCopy.compression()).isEqualTo(current.compression());
    }

    @Test
    void aSketchWrittenOftenWritesTheSameBytesAfterEveryChangeAsOneWrittenAnew() {
        double[] values = normal(11, 5_000, 0, 1);
        NumericSketch often = new NumericSketch().writtenOften();
        NumericSketch plain = new NumericSketch();
        NumericSketch other = sketchOf(normal(12, 3_000, 1, 2));
        for (int i = 0; i < values.length; i++) {
            often.add(values[i]);
            plain.add(values[i]);
            if (i % 997 == 0) {
                often.merge(other);
                plain.merge(other);
            }
            if (i % 7 == 0 || i % 64 == 63) {
                assertThat(often.toBytes()).as("after value %d", i).isEqualTo(plain.toBytes());
                assertThat(often.sizeInBytes()).isEqualTo(plain.sizeInBytes());
            }
        }
        NumericSketch read = NumericSketch.fromBytes(often.toBytes()).writtenOften();
        read.add(0.5);
        plain.add(0.5);
        assertThat(read.toBytes()).isEqualTo(plain.toBytes());
    }

    @Test
    void aSketchReadFromBytesKeepsCounting() {
        double[] values = normal(6, 20_000, 0, 1);
        NumericSketch whole = sketchOf(values);
        NumericSketch resumed = NumericSketch.fromBytes(sketchOf(Arrays.copyOfRange(values, 0, 10_000)).toBytes());

        for (int i = 10_000; i < values.length; i++) {
            resumed.add(values[i]);
        }

        assertThat(resumed.count()).isEqualTo(20_000);
        assertThat(resumed.mean()).isCloseTo(whole.mean(), within(1e-12));
        assertThat(NumericDrift.compare(whole, resumed).ks()).isLessThan(0.006);
    }

    /**
     * The bytes hold the digest's buffer of unmerged values (8 bytes each, fewer than {@link NumericSketch#MERGE_EVERY})
     * next to its centroids (8 bytes per mean, 1-3 per weight).
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 1_000, 1_049, 10_000, 100_000})
    void sizeInBytesIsTheLengthOfTheBytes(int n) {
        NumericSketch sketch = sketchOf(normal(7, n, 0, 1));

        assertThat(sketch.sizeInBytes()).isEqualTo(sketch.toBytes().length).isLessThan(2_500);
    }

    @Test
    void anEmptySketchTakesFewBytes() {
        assertThat(new NumericSketch().toBytes()).hasSizeLessThan(100);
    }

    @ParameterizedTest
    @ValueSource(bytes = {0, 4, 99, -1})
    void refusesAnUnknownFormatVersion(byte version) {
        byte[] bytes = sketchOf(normal(8, 100, 0, 1)).toBytes();
        bytes[0] = version;

        assertThatThrownBy(() -> NumericSketch.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown NumericSketch format version " + version);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 40, 80, 84, 100, -1})
    void refusesTruncatedBytes(int length) {
        byte[] bytes = sketchOf(normal(9, 1_000, 0, 1)).toBytes();
        byte[] truncated = Arrays.copyOf(bytes, length < 0 ? bytes.length - 1 : length);

        assertThatThrownBy(() -> NumericSketch.fromBytes(truncated)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTrailingBytes() {
        byte[] bytes = sketchOf(normal(10, 1_000, 0, 1)).toBytes();

        assertThatThrownBy(() -> NumericSketch.fromBytes(Arrays.copyOf(bytes, bytes.length + 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 19.9, 1001, Double.NaN})
    void refusesACompressionOutOfRange(double compression) {
        assertThatThrownBy(() -> new NumericSketch(compression)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        NumericSketch sketch = new NumericSketch();
        double[] values = normal(11, 200_000, 0, 1);
        for (int i = 0; i < 100_000; i++) {
            sketch.add(values[i]);
        }
        long thread = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 100_000; i < values.length; i++) {
            sketch.add(values[i]);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(allocated).as("bytes allocated by 100k adds").isLessThan(2_500);
    }
}
