package io.shepherd.simulator.scenario;

import java.time.Duration;

import io.shepherd.simulator.model.ModelSpec;

/**
 * What one model version's traffic looks like at one moment: how much of it, how its inputs are distributed, how good
 * its answers are, how fast, and how late the ground truth comes.
 *
 * @param ratePerSecond requests per second to the model (0: silent)
 * @param shift         mean shift of the main numeric feature, in standard deviations
 * @param unseenShare   share of requests carrying a category that the reference never saw
 * @param rotation      rotation of the embedding in its first plane, in radians
 * @param accuracy      share of correct classifications
 * @param errorScale    regression noise relative to the healthy noise
 * @param latencyMs     median latency
 * @param labelDelay    how long after the prediction its ground truth arrives
 */
public record Traffic(double ratePerSecond, double shift, double unseenShare, double rotation, double accuracy, double errorScale,
                      double latencyMs, Duration labelDelay) {

    public static final double HEALTHY_LATENCY_MS = 20;
    public static final Duration HEALTHY_LABEL_DELAY = Duration.ofSeconds(2);

    public static Traffic healthy(ModelSpec model) {
        return new Traffic(model.ratePerSecond(), 0, 0, 0, model.healthyAccuracy(), 1, HEALTHY_LATENCY_MS, HEALTHY_LABEL_DELAY);
    }

    public Traffic withRate(double value) {
        return new Traffic(value, shift, unseenShare, rotation, accuracy, errorScale, latencyMs, labelDelay);
    }

    public Traffic withShift(double value) {
        return new Traffic(ratePerSecond, value, unseenShare, rotation, accuracy, errorScale, latencyMs, labelDelay);
    }

    public Traffic withUnseenShare(double value) {
        return new Traffic(ratePerSecond, shift, value, rotation, accuracy, errorScale, latencyMs, labelDelay);
    }

    public Traffic withRotation(double value) {
        return new Traffic(ratePerSecond, shift, unseenShare, value, accuracy, errorScale, latencyMs, labelDelay);
    }

    public Traffic withAccuracy(double value) {
        return new Traffic(ratePerSecond, shift, unseenShare, rotation, value, errorScale, latencyMs, labelDelay);
    }

    public Traffic withErrorScale(double value) {
        return new Traffic(ratePerSecond, shift, unseenShare, rotation, accuracy, value, latencyMs, labelDelay);
    }

    public Traffic withLatencyMs(double value) {
        return new Traffic(ratePerSecond, shift, unseenShare, rotation, accuracy, errorScale, value, labelDelay);
    }

    public Traffic withLabelDelay(Duration value) {
        return new Traffic(ratePerSecond, shift, unseenShare, rotation, accuracy, errorScale, latencyMs, value);
    }

    /** The traffic a fraction {@code f} (0..1) of the way from this one to {@code target}: gradual drift. */
    public Traffic towards(Traffic target, double f) {
        double g = Math.max(0, Math.min(1, f));
        return new Traffic(lerp(ratePerSecond, target.ratePerSecond, g), lerp(shift, target.shift, g),
                lerp(unseenShare, target.unseenShare, g), lerp(rotation, target.rotation, g), lerp(accuracy, target.accuracy, g),
                lerp(errorScale, target.errorScale, g), lerp(latencyMs, target.latencyMs, g), g < 1 ? labelDelay : target.labelDelay);
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }
}
