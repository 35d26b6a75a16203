package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CategorySketchTest {

    static CategorySketch sketchOf(int maxCategories, String... values) {
        CategorySketch sketch = new CategorySketch(maxCategories);
        for (String v : values) {
            sketch.add(v);
        }
        return sketch;
    }

    @Test
    void countsCategoriesAndMissingValues() {
        CategorySketch sketch = sketchOf(200, "a", "b", "a", null, "c", "a");
        sketch.addMissing();

        assertThat(sketch.counts()).containsExactly(Map.entry("a", 3L), Map.entry("b", 1L), Map.entry("c", 1L));
        assertThat(sketch.count()).isEqualTo(5);
        assertThat(sketch.missingCount()).isEqualTo(2);
        assertThat(sketch.totalCount()).isEqualTo(7);
        assertThat(sketch.overflowed()).isFalse();
    }

    @Test
    void categoriesBeyondTheLimitGoToTheOtherBucket() {
        CategorySketch sketch = sketchOf(2, "a", "b", "c", "a", "d", "c", "__other__");

        assertThat(sketch.counts()).containsExactly(
                Map.entry("__other__", 4L), Map.entry("a", 2L), Map.entry("b", 1L));
        assertThat(sketch.count("c")).isZero();
        assertThat(sketch.count(CategorySketch.OTHER)).isEqualTo(4);
        assertThat(sketch.count()).isEqualTo(7);
        assertThat(sketch.overflowed()).isTrue();
    }

    @Test
    void countsAreAnUnmodifiableCopy() {
        CategorySketch sketch = sketchOf(200, "a");
        Map<String, Long> counts = sketch.counts();
        sketch.add("b");

        assertThat(counts).containsOnlyKeys("a");
        assertThatThrownBy(() -> counts.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void mergeOfTwoPartsEqualsTheSketchOfTheWholeWhenTheCategoriesFit() {
        String[] values = {"a", "b", "a", "c", null, "d", "a", "b", "e", null};
        CategorySketch whole = sketchOf(10, values);
        CategorySketch merged = sketchOf(10, Arrays.copyOfRange(values, 0, 4));
        CategorySketch part = sketchOf(10, Arrays.copyOfRange(values, 4, values.length));

        merged.merge(part);

        assertThat(merged.counts()).isEqualTo(whole.counts());
        assertThat(merged.missingCount()).isEqualTo(whole.missingCount());
        assertThat(merged.toBytes()).isEqualTo(whole.toBytes());
        assertThat(part.counts()).containsOnlyKeys("a", "b", "d", "e");
    }

    @Test
    void mergeAdmitsTheHeaviestCategoriesFirstAndKeepsTheTotal() {
        CategorySketch merged = sketchOf(3, "a", "a");
        CategorySketch part = sketchOf(3, "x", "y", "y", "y", "z", "z", "__other__");

        merged.merge(part);

        assertThat(merged.counts()).containsExactly(
                Map.entry("__other__", 2L), Map.entry("a", 2L), Map.entry("y", 3L), Map.entry("z", 2L));
        assertThat(merged.count()).isEqualTo(9);
    }

    @Test
    void serdeRoundTripIsExactAndKeepsEveryScore() {
        CategorySketch reference = sketchOf(3, "a", "b", "b", "é", "日本", "c", null);
        CategorySketch current = sketchOf(3, "a", "a", "b", "z", null, null);

        CategorySketch referenceCopy = CategorySketch.fromBytes(reference.toBytes());
        CategorySketch currentCopy = CategorySketch.fromBytes(current.toBytes());

        assertThat(referenceCopy.counts()).isEqualTo(reference.counts());
        assertThat(referenceCopy.toBytes()).isEqualTo(reference.toBytes());
        assertThat(referenceCopy.maxCategories()).isEqualTo(3);
        assertThat(currentCopy.missingCount()).isEqualTo(2);
        assertThat(CategoricalDrift.compare(referenceCopy, currentCopy)).isEqualTo(CategoricalDrift.compare(reference, current));
    }

    @Test
    void aFullSketchOfTwoHundredCategoriesTakesAFewKilobytes() {
        CategorySketch sketch = new CategorySketch();
        for (int i = 0; i < 1_000; i++) {
            sketch.add("category-" + (i % 250));
        }

        assertThat(sketch.counts()).hasSize(201);
        assertThat(sketch.sizeInBytes()).isEqualTo(sketch.toBytes().length).isLessThan(6_000);
    }

    @ParameterizedTest
    @ValueSource(bytes = {0, 2, -7})
    void refusesAnUnknownFormatVersion(byte version) {
        byte[] bytes = sketchOf(5, "a").toBytes();
        bytes[0] = version;

        assertThatThrownBy(() -> CategorySketch.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown CategorySketch format version");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 20, 26, 30, 33})
    void refusesTruncatedBytes(int length) {
        byte[] bytes = sketchOf(5, "abc", "de").toBytes();

        assertThatThrownBy(() -> CategorySketch.fromBytes(Arrays.copyOf(bytes, length)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 100_001})
    void refusesAnImpossibleCategoryLimit(int maxCategories) {
        assertThatThrownBy(() -> new CategorySketch(maxCategories)).isInstanceOf(IllegalArgumentException.class);
    }
}
