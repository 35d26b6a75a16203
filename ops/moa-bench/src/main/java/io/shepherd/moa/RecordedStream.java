package io.shepherd.moa;

/**
 * What every detector is fed, recorded once per scenario so that each detector sees exactly the same events: the
 * numeric feature values and the classifier's predicted and true class of every measured event, and where the new
 * concept first appeared.
 *
 * @param features        names of the numeric features, in column order
 * @param values          [event][feature]
 * @param predicted       the classifier's predicted class index per event (before it trains on the event)
 * @param actual          the true class index per event
 * @param firstNewConcept the first event drawn from the concept after the drift; the stream's length when none was
 */
public record RecordedStream(String[] features, double[][] values, int[] predicted, int[] actual, int firstNewConcept) {

    public RecordedStream {
        if (values.length != predicted.length || values.length != actual.length) {
            throw new IllegalArgumentException("values, predictions and labels must cover the same events");
        }
    }

    /** A stream of one concept throughout. */
    public RecordedStream(String[] features, double[][] values, int[] predicted, int[] actual) {
        this(features, values, predicted, actual, values.length);
    }

    public int length() {
        return values.length;
    }

    public boolean error(int event) {
        return predicted[event] != actual[event];
    }

    /** Share of correct predictions in [from, to). */
    public double accuracy(int from, int to) {
        int correct = 0;
        for (int i = from; i < to; i++) {
            correct += error(i) ? 0 : 1;
        }
        return (double) correct / (to - from);
    }
}
