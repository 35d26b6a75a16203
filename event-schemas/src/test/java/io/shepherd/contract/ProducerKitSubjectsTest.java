package io.shepherd.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The producer kit registers each event a serving system writes, and the rollback command controllers read, under
 * the subject of the topic that carries it: {@code kit/subjects.txt} must agree with {@link Topics}.
 */
class ProducerKitSubjectsTest {

    private static final Path KIT = Path.of("kit");

    @Test
    void everySubjectNamesAContractTopicAndTheEventItCarries() throws IOException {
        for (String[] line : subjects()) {
            TopicDefinition topic = Topics.byName(line[0]);

            assertThat(topic.valueType()).as(line[0]).isEqualTo("io.shepherd.events." + line[1]);
            assertThat(Path.of("schemas", "standalone", line[1] + ".avsc")).isRegularFile();
        }
    }

    @Test
    void coversWhatServingSystemsWriteAndWhatControllersRead() throws IOException {
        assertThat(subjects()).extracting(line -> line[0]).containsExactlyInAnyOrder(Topics.LIFECYCLE, Topics.PREDICTIONS,
                Topics.FEATURES, Topics.REFERENCE, Topics.OUTCOMES, Topics.ROLLBACK_COMMANDS);
    }

    private static List<String[]> subjects() throws IOException {
        return Files.readAllLines(KIT.resolve("subjects.txt")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).map(line -> line.split("\\s+")).toList();
    }
}
