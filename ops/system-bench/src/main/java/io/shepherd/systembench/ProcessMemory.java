package io.shepherd.systembench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Memory of a process as the kernel counts it (Linux {@code /proc}), and the size of a folder on disk. */
record ProcessMemory(long peakRssBytes, long rssBytes) {

    /** Peak (VmHWM) and current (VmRSS) resident memory of the process. */
    static ProcessMemory of(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of process " + pid, e);
        }
    }

    static ProcessMemory parse(String status) {
        return new ProcessMemory(field(status, "VmHWM:"), field(status, "VmRSS:"));
    }

    private static long field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name)).findFirst()
                .map(l -> Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]) * 1024)
                .orElseThrow(() -> new IllegalArgumentException("no " + name + " in the process status"));
    }

    /** Bytes of the regular files under the folder (0 if it does not exist); retried when a folder vanishes mid-walk. */
    static long folderBytes(Path dir) {
        for (int attempt = 1; ; attempt++) {
            try {
                return walk(dir);
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) {
                    throw new IllegalStateException("cannot measure " + dir, e);
                }
            }
        }
    }

    private static long walk(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;  // a RocksDB file removed by compaction while walking
                }
            }).sum();
        }
    }
}
