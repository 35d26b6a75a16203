package io.shepherd.streams.drift.stats;

import static io.shepherd.streams.drift.stats.Samples.discrete;
import static io.shepherd.streams.drift.stats.Samples.logNormal;
import static io.shepherd.streams.drift.stats.Samples.normal;
import static io.shepherd.streams.drift.stats.Samples.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Sketches and scores are the same as before the t-digest port and format version 3: the resources hold the bytes
 * (format version 2) and the results (cdf, quantiles, drift scores, as raw double bits) that the code built on the
 * t-digest 3.3 library wrote for these scenarios. The port must read those bytes, build the same state from the same
 * values (so the same bytes once written again) and give the same results, bit for bit; but for the Wasserstein
 * distance, which since then integrates over the quantile functions' knots alone instead of adding 1,024 points that
 * split linear pieces: the same integral, equal to 1e-12 (it differs in the last bit or two).
 */
class NumericSketchParityTest {

    /** A reference window: normal values, a block of repeated ones, then a few more (left buffered). */
    static NumericSketch reference() {
        NumericSketch sketch = sketchOf(normal(101, 20_000, 5, 2));
        for (double v : discrete(102, 3_000, 5, 3, 2)) {
            sketch.add(v);
        }
        for (double v : normal(103, 37, 5, 2)) {
            sketch.add(v);
        }
        return sketch;
    }

    /** A current window assembled from partial sketches: a merge of a heavy-tailed sketch, then buffered adds. */
    static NumericSketch current() {
        NumericSketch sketch = sketchOf(normal(104, 4_000, 5.5, 2.2));
        sketch.merge(sketchOf(logNormal(105, 6_000, 1.5, 0.6)));
        sketch.add(Double.NaN);
        sketch.addMissing();
        for (double v : normal(106, 21, 5, 2)) {
            sketch.add(v);
        }
        return sketch;
    }

    @Test
    void readsTheBytesFormatVersion2WroteAndWritesThemInVersion3() {
        for (String name : List.of("reference", "current")) {
            byte[] version2 = bytes(name);
            assertThat(version2[0]).isEqualTo((byte) 2);

            byte[] version3 = NumericSketch.fromBytes(version2).toBytes();

            assertThat(version3[0]).isEqualTo((byte) 3);
            assertThat(version3.length).as(name).isLessThan(version2.length);
            assertThat(NumericSketch.fromBytes(version3).toBytes()).as(name).isEqualTo(version3);
        }
    }

    @Test
    void buildsTheSameStateFromTheSameValues() {
        assertThat(reference().toBytes()).isEqualTo(NumericSketch.fromBytes(bytes("reference")).toBytes());
        assertThat(current().toBytes()).isEqualTo(NumericSketch.fromBytes(bytes("current")).toBytes());
    }

    @Test
    void givesTheSameResultsAsBeforeThePort() {
        String expected = resource("numeric-sketch-v2-results.txt");

        assertSameResults(results(reference(), current()), expected);
        assertSameResults(results(NumericSketch.fromBytes(bytes("reference")), NumericSketch.fromBytes(bytes("current"))), expected);
        assertSameResults(results(NumericSketch.fromBytes(reference().toBytes()), NumericSketch.fromBytes(current().toBytes())), expected);
    }

    private static void assertSameResults(String actual, String expected) {
        List<String> actualLines = actual.lines().toList();
        List<String> expectedLines = expected.lines().toList();
        assertThat(actualLines).hasSameSizeAs(expectedLines);
        for (int i = 0; i < expectedLines.size(); i++) {
            String line = expectedLines.get(i);
            if (line.contains(" wasserstein ")) {
                String[] want = line.split(" ");
                String[] got = actualLines.get(i).split(" ");
                double value = Double.parseDouble(want[want.length - 2]);
                assertThat(Double.parseDouble(got[got.length - 2])).as(line).isCloseTo(value, org.assertj.core.api.Assertions.within(1e-12 * value));
            } else {
                assertThat(actualLines.get(i)).isEqualTo(line);
            }
        }
    }

    /** cdf, quantiles and drift scores of both sketches, and of the current one after later adds and merges. */
    static String results(NumericSketch reference, NumericSketch current) {
        List<String> lines = new ArrayList<>();
        describe(lines, "reference", reference);
        describe(lines, "current", current);
        scores(lines, "scores", reference, current);
        current.merge(reference);
        for (double v : logNormal(107, 500, 1.5, 0.6)) {
            current.add(v);
        }
        describe(lines, "current+reference", current);
        scores(lines, "scores after merge", reference, current);
        return String.join("\n", lines) + "\n";
    }

    private static void describe(List<String> lines, String name, NumericSketch sketch) {
        for (int i = 0; i <= 40; i++) {
            double x = -2 + 0.5 * i;
            lines.add(name + " cdf(" + x + ") " + bits(sketch.cdf(x)));
        }
        for (int i = 0; i <= 100; i++) {
            double q = i / 100.0;
            lines.add(name + " quantile(" + q + ") " + bits(sketch.quantile(q)));
        }
    }

    private static void scores(List<String> lines, String name, NumericSketch reference, NumericSketch current) {
        for (Map.Entry<String, Double> score : NumericDrift.compare(reference, current).asMap().entrySet()) {
            lines.add(name + " " + score.getKey() + " " + bits(score.getValue()));
        }
    }

    private static String bits(double value) {
        return value + " " + Long.toHexString(Double.doubleToRawLongBits(value));
    }

    private static byte[] bytes(String name) {
        return HexFormat.of().parseHex(resource("numeric-sketch-v2-" + name + ".hex").strip());
    }

    private static String resource(String name) {
        try (InputStream in = NumericSketchParityTest.class.getResourceAsStream("/sketch/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
