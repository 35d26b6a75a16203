package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {

    @Test
    void readsPeakAndCurrentResidentMemoryInBytes() {
        ProcessMemory m = ProcessMemory.parse("Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\nThreads:\t40\n");

        assertThat(m.peakRssBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(m.rssBytes()).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void aStatusWithoutTheFieldIsAnError() {
        assertThatThrownBy(() -> ProcessMemory.parse("Name:\tjava\n")).hasMessageContaining("VmHWM");
    }

    @Test
    void thisProcessHasAPeakAtLeastAsHighAsItsCurrentMemory() {
        ProcessMemory m = ProcessMemory.of(ProcessHandle.current().pid());

        assertThat(m.rssBytes()).isPositive();
        assertThat(m.peakRssBytes()).isGreaterThanOrEqualTo(m.rssBytes());
    }

    @Test
    void aFolderWeighsTheBytesOfItsFiles(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a"), new byte[1000]);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/b"), new byte[234]);

        assertThat(ProcessMemory.folderBytes(dir)).isEqualTo(1234);
        assertThat(ProcessMemory.folderBytes(dir.resolve("absent"))).isZero();
    }
}
