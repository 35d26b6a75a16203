package io.shepherd.moa;

/** A drift detector under test: fed one recorded stream from its first event, it says at which events it alarmed. */
public interface Detector {

    /** What the detector watches. */
    enum Input { ERRORS, FEATURES }

    String name();

    Input input();

    /**
     * @return the positions of its alarms, ascending and distinct: position t means the alarm was raised right after
     *         event t was seen
     */
    int[] alarms(RecordedStream stream);
}
