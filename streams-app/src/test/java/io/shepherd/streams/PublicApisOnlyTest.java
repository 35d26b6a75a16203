package io.shepherd.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Public APIs only (STYLE.md, rule 15): no main code of any module of the repository uses a library's {@code internals}
 * packages or reaches into private members by reflection. A minor upgrade can change either, and the compiler would not
 * say. Scans every {@code src/main/java} below the repository root (this module's parent directory).
 */
class PublicApisOnlyTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    /** An import from, or a qualified use of, a package named internals (any library's). */
    private static final Pattern INTERNALS = Pattern.compile("\\b[a-z]\\w*(\\.\\w+)*\\.internals\\.[\\w*]");
    private static final Pattern REFLECTION = Pattern.compile("\\b(setAccessible|privateLookupIn)\\s*\\(");

    @Test
    void noMainCodeImportsAnInternalsPackage() {
        assertThat(matches(INTERNALS)).as("uses of internals packages (STYLE.md rule 15)").isEmpty();
    }

    @Test
    void noMainCodeReachesIntoPrivateMembersByReflection() {
        assertThat(matches(REFLECTION)).as("setAccessible / privateLookupIn calls (STYLE.md rule 15)").isEmpty();
    }

    @Test
    void theScanSeesEveryModulesMainCode() {
        List<Path> roots = mainSourceRoots();

        assertThat(roots).extracting(root -> REPOSITORY.relativize(root).toString().replace('\\', '/'))
                .contains("streams-app/src/main/java", "alert-router/src/main/java", "projections/src/main/java",
                        "ops/moa-bench/src/main/java");
        assertThat(matches(Pattern.compile("^package "))).hasSizeGreaterThan(100);
        // the patterns find what they are for, so an empty result means there is none
        assertThat(INTERNALS.matcher("import org.apache.kafka.streams.state.internals.CachedStateStore;").find()).isTrue();
        assertThat(INTERNALS.matcher("org.apache.kafka.streams.processor.internals.ProcessorStateManager m;").find()).isTrue();
        assertThat(REFLECTION.matcher("field.setAccessible(true);").find()).isTrue();
    }

    /** "path:line: text" of each code line (comments left out) of main code matching the pattern. */
    private static List<String> matches(Pattern pattern) {
        List<String> hits = new ArrayList<>();
        for (Path root : mainSourceRoots()) {
            for (Path file : javaFiles(root)) {
                List<String> lines = lines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String code = codeOf(lines.get(i));
                    if (pattern.matcher(code).find()) {
                        hits.add(REPOSITORY.relativize(file).toString().replace('\\', '/') + ":" + (i + 1) + ": "
                                + code.strip());
                    }
                }
            }
        }
        return hits;
    }

    /** The line without a trailing // comment; empty for lines of block and doc comments. */
    private static String codeOf(String line) {
        String stripped = line.strip();
        if (stripped.startsWith("*") || stripped.startsWith("/*") || stripped.startsWith("//")) {
            return "";
        }
        int comment = line.indexOf("//");
        return comment < 0 ? line : line.substring(0, comment);
    }

    private static List<Path> mainSourceRoots() {
        try (Stream<Path> dirs = Files.walk(REPOSITORY, 5)) {
            return dirs.filter(Files::isDirectory)
                    .filter(dir -> dir.endsWith(Path.of("src", "main", "java")))
                    .filter(dir -> !REPOSITORY.relativize(dir).toString().contains("target"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
