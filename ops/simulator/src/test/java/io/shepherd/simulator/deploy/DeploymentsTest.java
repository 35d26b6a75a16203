package io.shepherd.simulator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.shepherd.events.Variant;
import io.shepherd.simulator.scenario.Step;

class DeploymentsTest {

    private static final Deployments WITH_CANARY = Deployments.none()
            .deploy(new Step.Deploy(Duration.ZERO, "m", "v1", Variant.CHAMPION, 1, "v1"))
            .deploy(new Step.Deploy(Duration.ofSeconds(30), "m", "v2", Variant.CANARY, 0.3, "v2 canary"));

    @ParameterizedTest(name = "draw {0} is served by {1}")
    @CsvSource({"0.0, v2", "0.29, v2", "0.3, v1", "0.99, v1"})
    void aCanaryTakesItsShareAndTheChampionTheRest(double u, String version) {
        assertThat(WITH_CANARY.pick("m", u)).map(Serving::version).contains(version);
    }

    @Test
    void rollingBackACanaryLeavesTheChampionAlone() {
        assertThat(WITH_CANARY.rollBack("m", "v2", "v1").serving("m")).containsExactly(new Serving("v1", Variant.CHAMPION, 1));
    }

    @Test
    void aNewChampionReplacesTheOldOneAndKeepsTheCanary() {
        Deployments next = WITH_CANARY.deploy(new Step.Deploy(Duration.ofSeconds(60), "m", "v3", Variant.CHAMPION, 1, "v3"));

        assertThat(next.serving("m")).containsExactly(new Serving("v2", Variant.CANARY, 0.3), new Serving("v3", Variant.CHAMPION, 1));
    }

    @Test
    void aModelNeverDeployedServesNothing() {
        assertThat(WITH_CANARY.pick("other", 0.5)).isEmpty();
    }
}
