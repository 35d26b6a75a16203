package io.shepherd.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.shepherd.events.DriftScored;
import io.shepherd.events.ModelHealthChanged;

/**
 * The drift state survives a restart exactly: an app stopped and started again on its state directory in the middle
 * of panes, with changes logged but not folded, publishes the same scores as one that ran without a stop.
 */
class DriftRestartTest {

    private static final long T0 = 1_764_064_800_000L;
    /** 50 events a second: 250 per 5 s pane. */
    private static final long STEP = 20;
    private static final long END = T0 + 60_000;
    /** Small, so that most restarts find a log to replay and many folds happen in between. */
    private static final int FOLD_EVERY = 37;

    /** Numeric, categorical, embedding, sometimes missing, sometimes non-finite (dead-lettered but counted). */
    private static Map<String, Object> values(Random r, long t) {
        Map<String, Object> m = new LinkedHashMap<>();
        double shift = t > T0 + 35_000 ? 12 : 0;
        m.put("amount", r.nextInt(97) == 0 ? Double.NaN : 100 + shift + 10 * r.nextGaussian());
        m.put("country", r.nextInt(20) == 0 ? null : new String[] {"DE", "FR", "IT", "ES"}[r.nextInt(4)]);
        m.put("merchant_embedding", List.of((float) r.nextGaussian(), (float) (1 + r.nextGaussian() * 0.2), (float) r.nextGaussian()));
        m.put("tenure", r.nextInt(5) == 0 ? null : Math.exp(r.nextGaussian()));
        return m;
    }

    /** Scores and health changes of one run, restarting after each event time in {@code restarts}. */
    private static List<Object> run(List<Long> restarts) throws Exception {
        try (DriftTestDriver driver = new DriftTestDriver(model -> TestSettings.demo(100, 600), FOLD_EVERY)) {
            driver.deploy("fraud", "v1", T0, null);
            Random random = new Random(11);
            for (long t = T0; t < END; t += STEP) {
                driver.observe("fraud", "v1", t, values(random, t));
                if (restarts.contains(t)) {
                    driver.restart();
                }
            }
            List<Object> output = new ArrayList<>();
            for (DriftScored score : driver.scores()) {
                output.add(score.toString());
            }
            for (ModelHealthChanged change : driver.health()) {
                output.add(change.toString());
            }
            return output;
        }
    }

    @Test
    void anAppRestartedMidPaneWithUnfoldedChangesPublishesExactlyWhatAnUninterruptedOneDoes() throws Exception {
        List<Long> restarts = new ArrayList<>();
        Random random = new Random(12);
        for (long t = T0 + 1_000; t < END; t += 1_000 + STEP * random.nextInt(150)) {
            restarts.add(t);
        }

        List<Object> uninterrupted = run(List.of());
        List<Object> restarted = run(restarts);

        assertThat(restarts).hasSizeGreaterThan(15);
        assertThat(uninterrupted).filteredOn(o -> o.toString().contains("\"DRIFT\"")).isNotEmpty();
        assertThat(restarted).isEqualTo(uninterrupted);
    }
}
