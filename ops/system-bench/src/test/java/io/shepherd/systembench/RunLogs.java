package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** The log, report and output files a run left under its folder, searched for text that must not be there (secrets). */
final class RunLogs {

    private RunLogs() {
    }

    /**
     * The files under {@code dir} (logs, outputs, reports) that contain the text; fails when there is no log at all.
     * A broker that still runs renames its checkpoint files under {@code dir} while they are walked: a file that is gone
     * by the time it is looked at is no log of the run and is passed over.
     */
    static List<Path> mentioning(Path dir, String text) throws IOException {
        List<Path> logs = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && file.getFileName().toString().matches(".*\\.(log|out|txt|html)")) {
                    logs.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
        assertThat(logs).as("log files of the run").isNotEmpty();
        List<Path> mentioning = new ArrayList<>();
        for (Path log : logs) {
            if (new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).contains(text)) {
                mentioning.add(log);
            }
        }
        return mentioning;
    }
}
