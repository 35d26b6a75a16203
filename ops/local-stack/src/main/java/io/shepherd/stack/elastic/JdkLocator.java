package io.shepherd.stack.elastic;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds a JDK (not a bare JRE: the launcher is compiled at start) of version 21 or later, which the Elasticsearch
 * server needs while the rest of Shepherd runs on 17.
 */
public final class JdkLocator {

    public static final String ENV_JAVA_HOME = "SHEPHERD_ES_JAVA_HOME";
    static final int MIN_VERSION = 21;
    private static final Logger log = LoggerFactory.getLogger(JdkLocator.class);

    private JdkLocator() {
    }

    /** {@value #ENV_JAVA_HOME}, then JAVA_HOME, then the running JVM, then the newest JDK under /usr/lib/jvm. */
    public static Optional<Path> find() {
        return find(System.getenv(), Path.of(System.getProperty("java.home")), Path.of("/usr/lib/jvm"));
    }

    static Optional<Path> find(Map<String, String> env, Path runningJavaHome, Path jvmRoot) {
        String explicit = env.get(ENV_JAVA_HOME);
        if (explicit != null && !explicit.isBlank()) {
            Path home = Path.of(explicit);
            if (isJdk21(home)) {
                return Optional.of(home);
            }
            log.warn("{}={} is not a JDK {}+ (needs bin/java, bin/javac and a release file): looking elsewhere",
                    ENV_JAVA_HOME, explicit, MIN_VERSION);
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(env.get("JAVA_HOME")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(candidates::add);
        candidates.add(runningJavaHome);
        candidates.addAll(installedNewestFirst(jvmRoot));
        return candidates.stream().filter(JdkLocator::isJdk21).findFirst();
    }

    private static List<Path> installedNewestFirst(Path jvmRoot) {
        if (!Files.isDirectory(jvmRoot)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(jvmRoot)) {
            Set<Path> unique = new LinkedHashSet<>();
            dirs.filter(Files::isDirectory).map(JdkLocator::realPath).sorted().forEach(unique::add);
            return unique.stream()
                    .sorted(Comparator.comparingInt((Path p) -> majorVersion(p).orElse(0)).reversed())
                    .toList();
        } catch (IOException e) {
            log.debug("cannot list {}", jvmRoot, e);
            return List.of();
        }
    }

    static boolean isJdk21(Path home) {
        return Files.isExecutable(home.resolve("bin/java"))
                && Files.isExecutable(home.resolve("bin/javac"))
                && majorVersion(home).orElse(0) >= MIN_VERSION;
    }

    /** The feature version from the JDK's {@code release} file: JAVA_VERSION="25.0.1" gives 25, "1.8.0_402" gives 8. */
    static OptionalInt majorVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return OptionalInt.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            props.load(in);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        String version = props.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
        String[] parts = version.split("[.+_-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return OptionalInt.of(first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
