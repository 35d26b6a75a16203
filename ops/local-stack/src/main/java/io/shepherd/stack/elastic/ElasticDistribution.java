package io.shepherd.stack.elastic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The Elasticsearch jars that {@code ops/elasticsearch-dist} lays out: {@code lib/} for the module path and
 * {@code modules/transport-netty4/}. Nodes only read it; everything they write goes to their own data dir.
 */
public record ElasticDistribution(Path home) {

    public static final String HOME_PROPERTY = "shepherd.elasticsearch.home";
    static final String DIST_MODULE = "ops/elasticsearch-dist";
    static final String BUILD_COMMAND = "mvn -B install -DskipTests -pl " + DIST_MODULE + " -am";
    private static final String NETTY_DESCRIPTOR = "modules/transport-netty4/plugin-descriptor.properties";

    /**
     * System property {@value #HOME_PROPERTY}, else {@code ops/elasticsearch-dist/target/elasticsearch} of the
     * repository around the working directory.
     *
     * @throws IllegalStateException naming the command that builds it, if it is not there
     */
    public static ElasticDistribution locate() {
        String configured = System.getProperty(HOME_PROPERTY);
        Optional<Path> root = repoRoot();
        Optional<Path> home = configured != null && !configured.isBlank()
                ? Optional.of(Path.of(configured))
                : root.map(r -> r.resolve(DIST_MODULE).resolve("target/elasticsearch"));
        return home.map(h -> new ElasticDistribution(h.toAbsolutePath().normalize()))
                .filter(ElasticDistribution::isComplete)
                .orElseThrow(() -> new IllegalStateException("The Elasticsearch distribution is missing"
                        + home.map(h -> " at " + h.toAbsolutePath()).orElse("")
                        + ": run `" + BUILD_COMMAND + "` in the repository root"
                        + root.map(r -> " (" + r + ")").orElse("")
                        + ", or set -D" + HOME_PROPERTY + " to a folder with lib/ and modules/transport-netty4/"));
    }

    /** The nearest folder, from the working directory up, that holds {@value #DIST_MODULE}. */
    static Optional<Path> repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(DIST_MODULE))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private boolean isComplete() {
        return Files.isRegularFile(home.resolve(NETTY_DESCRIPTOR)) && Files.isDirectory(libDir());
    }

    public Path libDir() {
        return home.resolve("lib");
    }

    /** The Elasticsearch version the transport module was built for, which is the server's version. */
    public String version() {
        Properties descriptor = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve(NETTY_DESCRIPTOR))) {
            descriptor.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + home.resolve(NETTY_DESCRIPTOR), e);
        }
        return descriptor.getProperty("elasticsearch.version");
    }
}
