package io.shepherd.alerting.it;

import static io.shepherd.alerting.it.RouterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.shepherd.alerting.support.Events;
import io.shepherd.contract.Topics;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.Variant;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/**
 * Two routers in one consumer group, each in a JVM of its own, sharing the health topic's partitions; one is killed
 * with SIGKILL while models are escalating. The survivor takes the dead one's partitions once its session times out,
 * and every receiver hears of every model exactly once: one Slack message, one PagerDuty event and one signed rollback
 * command per model, nothing lost and nothing repeated, whichever of the two was handling the model.
 */
@ExtendWith(LocalStackExtension.class)
class TwoRoutersKillIT {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final int MODELS = 16;

    @Test
    void aRouterKilledWhileModelsEscalateLeavesTheOtherToTellEachReceiverOfEachModelExactlyOnce(LocalStack stack) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int healthPartitions = stack.partitions(Topics.MODEL_HEALTH);
        List<String> first = IntStream.range(0, MODELS / 2).mapToObj(i -> "pair-" + i + "-" + run).toList();
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("1s", "1s"))) {
            // The dead member's partitions move once the broker stops hearing from it: 10 s instead of the default 45 s.
            it.settings.put("SHEPHERD_KAFKA_SESSION_TIMEOUT_MS", "10000");
            first.forEach(model -> deploy(it, model));
            // Client ids name each router's members in the group's description (it does not show instance ids).
            it.settings.put("SHEPHERD_INSTANCE_ID", "router-a-" + run);
            it.settings.put("SHEPHERD_KAFKA_CLIENT_ID", "router-a-" + run);
            try (ChildRouter a = ChildRouter.start(it, "pair-a")) {
                it.settings.put("SHEPHERD_INSTANCE_ID", "router-b-" + run);
                it.settings.put("SHEPHERD_KAFKA_CLIENT_ID", "router-b-" + run);
                try (ChildRouter b = ChildRouter.start(it, "pair-b")) {
                    await("both routers hold health partitions", () -> membersWithPartitions(it) == 2);

                    for (String model : first) {
                        emergency(it, model);
                    }
                    await("both routers told every receiver of the first models", () -> toldAll(it, first));

                    // The second half escalates while one router dies, models of the two routers in turn: the dead
                    // one's first two are taken in or told before the kill, its last two only by the survivor.
                    List<String> second = alternating(healthPartitionsOf(it, "router-a-" + run), run, MODELS / 2, healthPartitions);
                    second.forEach(model -> deploy(it, model));
                    long[] killedAt = {0};
                    for (int i = 0; i < second.size(); i++) {
                        emergency(it, second.get(i));
                        if (i == second.size() / 2 - 1) {
                            a.kill();
                            killedAt[0] = System.nanoTime();
                        }
                        Thread.sleep(150);
                    }
                    List<String> models = new ArrayList<>(first);
                    models.addAll(second);
                    await("the surviving router took every health partition", () -> membersWithPartitions(it) == 1);
                    await("the surviving router told every receiver of every model", () -> toldAll(it, models));
                    long killed = killedAt[0];
                    StringBuilder told = new StringBuilder();
                    for (String model : second) {
                        told.append(String.format("%n  %s: Slack %+d ms after the kill", model,
                                Duration.ofNanos(it.slack.arrivals(n -> n.toString().contains(model)).get(0) - killed).toMillis()));
                    }
                    System.out.println("one of two routers killed with SIGKILL; the models that escalated around it:" + told
                            + "\nlogs " + a.log() + ", " + b.log());
                    assertThat(it.slack.arrivals(n -> second.stream().anyMatch(m -> n.toString().contains(m))).stream()
                            .filter(at -> at > killed + Duration.ofSeconds(5).toNanos()))
                            .as("messages the survivor sent once the dead router's session ended").isNotEmpty();
                    RouterFixture.quietFor(Duration.ofSeconds(3));

                    Map<String, List<SpecificRecord>> rollbacks = byModel(it.events(Topics.ROLLBACK_COMMANDS));
                    Map<String, List<SpecificRecord>> alerts = byModel(it.events(Topics.ALERTS));
                    for (String model : models) {
                        Predicate<JsonNode> ofModel = n -> n.toString().contains(model);
                        assertThat(it.slack.all(ofModel)).as("Slack messages about %s", model).hasSize(1);
                        assertThat(it.pagerDuty.all(ofModel)).as("PagerDuty events about %s", model).hasSize(1);
                        assertThat(rollbacks.get(model)).as("rollback commands for %s", model).hasSize(1)
                                .allSatisfy(c -> assertThat(((RollbackRequested) c).getToVersion()).isEqualTo("v1"));
                        assertThat(alerts.get(model)).as("alert events of %s", model).hasSize(1);
                    }
                    assertThat(b.alive()).isTrue();
                }
            }
        }
    }

    private static void deploy(RouterFixture it, String model) {
        it.lifecycle(Events.deployed(model, "v1", Variant.CHAMPION, T0.minus(Duration.ofDays(2))));
        it.lifecycle(Events.deployed(model, "v2", Variant.CHAMPION, T0.minus(Duration.ofDays(1))));
    }

    /**
     * {@code count} model names, alternately of a health partition the other router holds and of one of {@code dead}'s
     * ({@link Topics#partitionOf}), the other router's first.
     */
    private static List<String> alternating(Set<Integer> dead, String run, int count, int partitions) {
        List<String> ofDead = new ArrayList<>();
        List<String> ofOther = new ArrayList<>();
        if (dead.isEmpty() || dead.size() >= partitions) {
            throw new IllegalStateException("the killed router holds health partitions " + dead + " of " + partitions);
        }
        for (int k = MODELS / 2; ofDead.size() < count / 2 || ofOther.size() < count / 2; k++) {
            String model = "pair-" + k + "-" + run;
            int partition = Topics.partitionOf(model, partitions);
            List<String> side = dead.contains(partition) ? ofDead : ofOther;
            if (side.size() < count / 2) {
                side.add(model);
            }
        }
        List<String> models = new ArrayList<>();
        for (int i = 0; i < count / 2; i++) {
            models.add(ofOther.get(i));
            models.add(ofDead.get(i));
        }
        return models;
    }

    /** The health topic's partitions the router whose client ids start with {@code clientId} holds. */
    private static Set<Integer> healthPartitionsOf(RouterFixture it, String clientId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, it.stack.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(it.groupId)).describedGroups().get(it.groupId).get().members().stream()
                    .filter(m -> m.clientId().startsWith(clientId))
                    .flatMap(m -> m.assignment().topicPartitions().stream())
                    .filter(tp -> tp.topic().equals(Topics.MODEL_HEALTH)).map(tp -> tp.partition()).collect(Collectors.toSet());
        }
    }

    private static void emergency(RouterFixture it, String model) {
        it.health(Events.health(model, "v2", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.EMERGENCY, T0, "PERFORMANCE_DROP"));
    }

    /** Slack, PagerDuty and the rollback topic all have each of the models. */
    private static boolean toldAll(RouterFixture it, List<String> models) {
        for (String model : models) {
            Predicate<JsonNode> ofModel = n -> n.toString().contains(model);
            if (it.slack.accepted(ofModel).isEmpty() || it.pagerDuty.accepted(ofModel).isEmpty()) {
                return false;
            }
        }
        return byModel(it.events(Topics.ROLLBACK_COMMANDS)).keySet().containsAll(models);
    }

    private static Map<String, List<SpecificRecord>> byModel(List<SpecificRecord> events) {
        return events.stream().collect(Collectors.groupingBy(e -> String.valueOf(e.get(e.getSchema().getField("modelId").pos()))));
    }

    /** Members of the router group that hold at least one partition of the health topic. */
    private static long membersWithPartitions(RouterFixture it) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, it.stack.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(it.groupId)).describedGroups().get(it.groupId).get();
            Collection<MemberDescription> members = group.members();
            return members.stream().filter(m -> m.assignment().topicPartitions().stream()
                    .anyMatch(tp -> tp.topic().equals(Topics.MODEL_HEALTH))).count();
        } catch (Exception e) {
            return 0;
        }
    }
}
