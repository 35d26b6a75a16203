package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

@ExtendWith(LocalStackExtension.class)
class ProgressIT {

    @Test
    void aGroupThatCommittedItsLastRecordHasCaughtUpThoughATransactionMarkerFollows(LocalStack stack) throws Exception {
        TopicPartition tp = new TopicPartition("progress-it", 0);
        try (Progress progress = new Progress(stack.bootstrapServers())) {
            progress.admin().createTopics(List.of(new NewTopic(tp.topic(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "progress-it");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(tp.topic(), "k", "v" + i));
                }
                producer.commitTransaction();
            }

            assertThat(progress.endOffsets(List.of(tp.topic()))).containsEntry(tp, 4L);  // three records and the commit marker
            assertThat(progress.afterLastRecord(List.of(tp))).containsEntry(tp, 3L);
            assertThat(progress.caughtUp("progress-it-reader")).as("a group that does not exist").isFalse();

            progress.admin().alterConsumerGroupOffsets("progress-it-reader", Map.of(tp, new OffsetAndMetadata(2))).all().get(30, TimeUnit.SECONDS);
            assertThat(progress.caughtUp("progress-it-reader")).isFalse();
            assertThat(progress.committed("progress-it-reader", List.of(tp))).isEqualTo(2);

            progress.admin().alterConsumerGroupOffsets("progress-it-reader", Map.of(tp, new OffsetAndMetadata(3))).all().get(30, TimeUnit.SECONDS);
            assertThat(progress.caughtUp("progress-it-reader")).isTrue();
        }
    }
}
