package io.shepherd.moa;

import java.util.SplittableRandom;

import com.github.javacliparser.Option;
import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.InstancesHeader;

import moa.options.ClassOption;
import moa.options.OptionHandler;
import moa.streams.InstanceStream;

/**
 * A scenario's stream: two MOA generators and a draw, per event, of the one it comes from. It does what MOA's
 * ConceptDriftStream does, with two differences that the counting needs: events are numbered from the first measured
 * one (0), so an abrupt drift at t starts exactly at event t; and it says which concept every event came from, so that
 * a gradual drift's lead-in (new-concept events before the nominal start) is known exactly.
 */
public final class DriftingStream {

    private final Scenario scenario;
    private final InstanceStream before;
    private final InstanceStream after;
    private final SplittableRandom draw;
    /** The next event's number: negative during the warm-up, 0 for the first measured event. */
    private long next;
    private boolean lastFromNew;

    DriftingStream(Scenario scenario) {
        this.scenario = scenario;
        this.before = generator(scenario.concept().before(scenario.seed()));
        this.after = scenario.control() ? null : generator(scenario.concept().after(scenario.seed()));
        this.draw = new SplittableRandom(scenario.seed());
        this.next = -scenario.warmup();
    }

    private static InstanceStream generator(String cli) {
        try {
            InstanceStream stream = (InstanceStream) ClassOption.cliStringToObject(cli, InstanceStream.class, new Option[0]);
            ((OptionHandler) stream).prepareForUse();
            return stream;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot build MOA stream " + cli + ": " + e.getMessage(), e);
        }
    }

    public InstancesHeader header() {
        return before.getHeader();
    }

    public Instance nextInstance() {
        double p = scenario.newConceptProbability(next++);
        // One draw per event whatever the shape, so the before-generator's sequence does not depend on the shape.
        lastFromNew = draw.nextDouble() < p;
        return (lastFromNew ? after : before).nextInstance().getData();
    }

    /** Whether the last event came from the concept after the drift. */
    public boolean lastFromNew() {
        return lastFromNew;
    }
}
