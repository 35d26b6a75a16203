package io.shepherd.moa;

import java.util.function.Supplier;

import moa.classifiers.core.driftdetection.ADWIN;
import moa.classifiers.core.driftdetection.PageHinkleyDM;

/**
 * MOA detectors watching the feature values, one per numeric feature; the model alarms when any feature's detector
 * does. MOA's detectors assume values on a [0, 1] scale (ADWIN's bound, Page-Hinkley's lambda and delta), so each
 * feature is min-max scaled by the range it had over the reference events (Shepherd's reference window, the first
 * 1,000 by default); later values may fall outside [0, 1].
 */
public final class MoaFeatureDetector implements Detector {

    /** One feature's monitor: true when it reports a change after this value. */
    interface Monitor {
        boolean input(double scaled);
    }

    private final String name;
    private final Supplier<Monitor> factory;
    private final int referenceEvents;

    private MoaFeatureDetector(String name, Supplier<Monitor> factory, int referenceEvents) {
        this.name = name;
        this.factory = factory;
        this.referenceEvents = referenceEvents;
    }

    /** MOA's ADWIN (delta 0.002), which reports a change of the mean in either direction. */
    public static MoaFeatureDetector adwin(int referenceEvents) {
        return new MoaFeatureDetector("MOA ADWIN", () -> {
            ADWIN adwin = new ADWIN(ADWIN.DELTA);
            return adwin::setInput;
        }, referenceEvents);
    }

    /**
     * MOA's PageHinkleyDM only detects a rising mean, so each feature gets two with default options: one on the value
     * and one on its negation.
     */
    public static MoaFeatureDetector pageHinkley(int referenceEvents) {
        return new MoaFeatureDetector("MOA Page-Hinkley (two-sided)", () -> {
            PageHinkleyDM up = new PageHinkleyDM();
            PageHinkleyDM down = new PageHinkleyDM();
            up.prepareForUse();
            down.prepareForUse();
            return scaled -> {
                up.input(scaled);
                down.input(-scaled);
                return up.getChange() | down.getChange();
            };
        }, referenceEvents);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Input input() {
        return Input.FEATURES;
    }

    @Override
    public int[] alarms(RecordedStream stream) {
        int features = stream.features().length;
        double[] min = new double[features];
        double[] scale = new double[features];
        referenceRange(stream, min, scale);
        Monitor[] monitors = new Monitor[features];
        for (int f = 0; f < features; f++) {
            monitors[f] = factory.get();
        }
        Alarms alarms = new Alarms();
        for (int i = 0; i < stream.length(); i++) {
            boolean change = false;
            for (int f = 0; f < features; f++) {
                change |= monitors[f].input((stream.values()[i][f] - min[f]) * scale[f]);
            }
            if (change) {
                alarms.raise(i);
            }
        }
        return alarms.toArray();
    }

    private void referenceRange(RecordedStream stream, double[] min, double[] scale) {
        int n = Math.min(referenceEvents, stream.length());
        for (int f = 0; f < min.length; f++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, stream.values()[i][f]);
                hi = Math.max(hi, stream.values()[i][f]);
            }
            min[f] = lo;
            scale[f] = hi > lo ? 1.0 / (hi - lo) : 1.0;
        }
    }
}
