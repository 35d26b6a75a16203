package io.shepherd.stack.elastic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Compiles the node launcher and the root-endpoint plugin, whose sources ship as resources because the server's
 * Java 21 class files cannot be compiled against by this Java 17 build. Uses the node's JDK; the result is cached
 * under the node's data dir and rebuilt only when the sources, the JDK or the distribution change.
 */
public final class LauncherBuild {

    public static final String LAUNCHER_CLASS = "io.shepherd.stack.elastic.launcher.NodeLauncher";
    static final String PLUGIN_NAME = "shepherd-rest-root";
    private static final String PLUGIN_CLASS = "io.shepherd.stack.elastic.rootendpoint.RootEndpointPlugin";
    private static final String PLUGIN_PACKAGE_DIR = "io/shepherd/stack/elastic/rootendpoint";
    private static final List<String> SOURCES = List.of("NodeLauncher.java", "RootEndpointPlugin.java");
    private static final String DONE_MARKER = "built";

    /**
     * @param classes    class path of the launcher
     * @param modulesDir extra modules dir holding the root-endpoint plugin
     */
    public record Output(Path classes, Path modulesDir) {
    }

    private LauncherBuild() {
    }

    public static Output prepare(Path jdkHome, ElasticDistribution dist, Path cacheRoot) throws IOException {
        List<byte[]> sources = new ArrayList<>();
        for (String name : SOURCES) {
            sources.add(resource(name));
        }
        String key = hash(sources, jdkHome.toRealPath().toString(), dist.home().toString(), dist.version());
        Path dir = cacheRoot.resolve(key);
        Output output = new Output(dir.resolve("classes"), dir.resolve("modules"));
        if (Files.isRegularFile(dir.resolve(DONE_MARKER))) {
            return output;
        }
        deleteTree(cacheRoot);
        Path srcDir = Files.createDirectories(dir.resolve("src"));
        List<String> files = new ArrayList<>();
        for (int i = 0; i < SOURCES.size(); i++) {
            Path file = srcDir.resolve(SOURCES.get(i));
            Files.write(file, sources.get(i));
            files.add(file.toString());
        }
        javac(jdkHome, dist, output.classes(), files, dir.resolve("javac.log"));
        buildPlugin(output.classes(), output.modulesDir().resolve(PLUGIN_NAME), dist.version());
        Files.writeString(dir.resolve(DONE_MARKER), key);
        return output;
    }

    private static void javac(Path jdkHome, ElasticDistribution dist, Path out, List<String> files, Path logFile)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(jdkHome.resolve("bin/javac").toString(),
                "--release", "21", "-proc:none", "-nowarn", "-encoding", "UTF-8",
                "--module-path", dist.libDir().toString(), "--add-modules", "ALL-MODULE-PATH",
                "-d", out.toString()));
        command.addAll(files);
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        try {
            if (!javac.waitFor(3, TimeUnit.MINUTES)) {
                javac.destroyForcibly();
                throw new IOException("javac did not finish within 3 minutes: " + command);
            }
        } catch (InterruptedException e) {
            javac.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling the Elasticsearch launcher", e);
        }
        if (javac.exitValue() != 0) {
            throw new IOException("compiling the Elasticsearch launcher failed (" + String.join(" ", command) + "):\n"
                    + Files.readString(logFile));
        }
    }

    /** Moves the plugin's classes out of the launcher's class path into a jar beside its descriptor. */
    private static void buildPlugin(Path classes, Path pluginDir, String esVersion) throws IOException {
        Files.createDirectories(pluginDir);
        Path packageDir = classes.resolve(PLUGIN_PACKAGE_DIR);
        try (OutputStream file = Files.newOutputStream(pluginDir.resolve(PLUGIN_NAME + ".jar"));
             JarOutputStream jar = new JarOutputStream(file);
             Stream<Path> classFiles = Files.list(packageDir)) {
            for (Path classFile : classFiles.sorted().toList()) {
                jar.putNextEntry(new JarEntry(PLUGIN_PACKAGE_DIR + "/" + classFile.getFileName()));
                Files.copy(classFile, jar);
                jar.closeEntry();
            }
        }
        deleteTree(packageDir);
        Files.writeString(pluginDir.resolve("plugin-descriptor.properties"), String.join("\n",
                "description=Serves GET / and HEAD /, like the rest-root module that is not on Maven Central",
                "version=" + esVersion,
                "name=" + PLUGIN_NAME,
                "classname=" + PLUGIN_CLASS,
                "java.version=21",
                "elasticsearch.version=" + esVersion,
                ""));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LauncherBuild.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing next to " + LauncherBuild.class);
            }
            return in.readAllBytes();
        }
    }

    private static String hash(List<byte[]> sources, String... more) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sources.forEach(sha::update);
            for (String s : more) {
                sha.update(s.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
