package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The log, report and output files a run left under its folder, searched for text that must not be there (secrets). */
final class RunLogs {

    private RunLogs() {
    }

    /** The files under {@code dir} (logs, outputs, reports) that contain the text; fails when there is no log at all. */
    static List<Path> mentioning(Path dir, String text) throws IOException {
        try (var files = Files.walk(dir)) {
            List<Path> logs = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches(".*\\.(log|out|txt|html)")).toList();
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
}
