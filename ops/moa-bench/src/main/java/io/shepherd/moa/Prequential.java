package io.shepherd.moa;

import java.util.ArrayList;
import java.util.List;

import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.InstancesHeader;

import moa.classifiers.trees.HoeffdingTree;
import moa.core.Utils;

/**
 * Runs a MOA Hoeffding tree test-then-train over a scenario's stream and records what the detectors are fed: the tree
 * predicts each event, then learns from it, so its errors after the drift last until it has adapted.
 */
public final class Prequential {

    private Prequential() {
    }

    public static RecordedStream record(Scenario scenario) {
        DriftingStream stream = scenario.stream();
        InstancesHeader header = stream.header();
        HoeffdingTree tree = new HoeffdingTree();
        tree.setModelContext(header);
        tree.prepareForUse();
        for (int i = 0; i < scenario.warmup(); i++) {
            tree.trainOnInstance(stream.nextInstance());
        }
        List<Integer> numeric = numericAttributes(header);
        String[] names = numeric.stream().map(a -> header.attribute(a).name()).toArray(String[]::new);
        int n = scenario.length();
        double[][] values = new double[n][numeric.size()];
        int[] predicted = new int[n];
        int[] actual = new int[n];
        int firstNewConcept = n;
        for (int i = 0; i < n; i++) {
            Instance instance = stream.nextInstance();
            if (stream.lastFromNew() && firstNewConcept == n) {
                firstNewConcept = i;
            }
            for (int f = 0; f < numeric.size(); f++) {
                values[i][f] = instance.value(numeric.get(f));
            }
            predicted[i] = Utils.maxIndex(tree.getVotesForInstance(instance));
            actual[i] = (int) instance.classValue();
            tree.trainOnInstance(instance);
        }
        return new RecordedStream(names, values, predicted, actual, firstNewConcept);
    }

    private static List<Integer> numericAttributes(InstancesHeader header) {
        List<Integer> numeric = new ArrayList<>();
        for (int a = 0; a < header.numAttributes(); a++) {
            if (a != header.classIndex() && header.attribute(a).isNumeric()) {
                numeric.add(a);
            }
        }
        return numeric;
    }
}
