package io.shepherd.moa;

import java.util.function.Supplier;

import moa.classifiers.core.driftdetection.ADWINChangeDetector;
import moa.classifiers.core.driftdetection.ChangeDetector;
import moa.classifiers.core.driftdetection.DDM;
import moa.classifiers.core.driftdetection.PageHinkleyDM;

/**
 * A MOA change detector with its default options fed the classifier's 0/1 error stream, as MOA's drift-aware learners
 * use it. Each reported change is an alarm; MOA's detectors restart by themselves after one.
 */
public final class MoaErrorDetector implements Detector {

    private final String name;
    private final Supplier<ChangeDetector> factory;

    private MoaErrorDetector(String name, Supplier<ChangeDetector> factory) {
        this.name = name;
        this.factory = factory;
    }

    public static MoaErrorDetector ddm() {
        return new MoaErrorDetector("MOA DDM", DDM::new);
    }

    /** ADWINChangeDetector: ADWIN (delta 0.002) that reports a change only when the error rate rises. */
    public static MoaErrorDetector adwin() {
        return new MoaErrorDetector("MOA ADWIN", ADWINChangeDetector::new);
    }

    /** PageHinkleyDM (lambda 50, delta 0.005, alpha 0.9999): a rise of the mean error. */
    public static MoaErrorDetector pageHinkley() {
        return new MoaErrorDetector("MOA Page-Hinkley", PageHinkleyDM::new);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Input input() {
        return Input.ERRORS;
    }

    @Override
    public int[] alarms(RecordedStream stream) {
        ChangeDetector detector = factory.get();
        detector.prepareForUse();
        Alarms alarms = new Alarms();
        for (int i = 0; i < stream.length(); i++) {
            detector.input(stream.error(i) ? 1.0 : 0.0);
            if (detector.getChange()) {
                alarms.raise(i);
            }
        }
        return alarms.toArray();
    }
}
