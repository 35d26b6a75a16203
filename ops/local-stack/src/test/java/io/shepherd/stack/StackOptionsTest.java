package io.shepherd.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class StackOptionsTest {

    @Test
    void theContractsPartitionsUnlessOtherwiseSaid() {
        StackOptions options = StackOptions.ephemeral(Path.of("data"));

        assertThat(options.partitions()).isZero();
        assertThat(new StackOptions(Path.of("data"), 1, 2, 3, 4, true).partitions()).isZero();
    }

    @Test
    void withPartitionsChangesThemAloneAndRefusesANegativeCount() {
        StackOptions options = new StackOptions(Path.of("data"), 1, 2, 3, 4, true).withPartitions(12);

        assertThat(options).isEqualTo(new StackOptions(Path.of("data"), 1, 2, 3, 4, true, 12));
        assertThatThrownBy(() -> options.withPartitions(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
