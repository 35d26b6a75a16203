package io.shepherd.alerting.it;

import static io.shepherd.alerting.it.RouterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shepherd.alerting.support.Events;
import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

@ExtendWith(LocalStackExtension.class)
class DeadLetterIT {

    @Test
    void anUnreadableHealthRecordIsDeadLetteredWholeWithItsReasonAndTheNextOneIsRouted(LocalStack stack) throws Exception {
        String model = "broken-" + UUID.randomUUID().toString().substring(0, 8);
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("300ms", "300ms"))) {
            it.startRouter();
            byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
            it.publishBytes(Topics.MODEL_HEALTH, model, garbage);
            it.health(Events.health(model, "v1", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.WARNING, Instant.now(), "DRIFT"));

            await("the next record is routed", () -> it.slack.accepted(n -> n.toString().contains(model)).size() == 1);
            DeadLettered letter = it.events(Topics.DEAD_LETTERS).stream().map(DeadLettered.class::cast)
                    .filter(d -> d.getOriginalKey() != null && StandardCharsets.UTF_8.decode(d.getOriginalKey().duplicate()).toString().equals(model))
                    .findFirst().orElseThrow();
            assertThat(letter.getApplication()).isEqualTo("alert-router");
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.MODEL_HEALTH);
            assertThat(letter.getReason()).isEqualTo("UNDECODABLE");
            assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(garbage));
            assertThat(it.get("/actuator/prometheus")).contains("shepherd_dead_letters_total");
        }
    }
}
