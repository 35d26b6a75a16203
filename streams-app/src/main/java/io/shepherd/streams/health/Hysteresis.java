package io.shepherd.streams.health;

/**
 * How many windows {@link Escalation} waits before it moves a level, and how often it restates an unchanged one.
 *
 * @param windowsToEscalate     k: consecutive windows that must ask for a higher level before it is entered (>= 1)
 * @param windowsToRecover      m: consecutive windows that must ask for a lower level before it is entered (>= 1)
 * @param heartbeatEveryWindows a heartbeat after this many windows without any emission; 0 disables heartbeats
 */
public record Hysteresis(int windowsToEscalate, int windowsToRecover, int heartbeatEveryWindows) {

    public Hysteresis {
        if (windowsToEscalate < 1) {
            throw new IllegalArgumentException("windowsToEscalate must be >= 1, got " + windowsToEscalate);
        }
        if (windowsToRecover < 1) {
            throw new IllegalArgumentException("windowsToRecover must be >= 1, got " + windowsToRecover);
        }
        if (heartbeatEveryWindows < 0) {
            throw new IllegalArgumentException("heartbeatEveryWindows must be >= 0 (0 disables heartbeats), got "
                    + heartbeatEveryWindows);
        }
    }

    /** How many past windows the rules look at, hence how many a {@link HealthState} remembers. */
    public int memory() {
        return Math.max(windowsToEscalate, windowsToRecover);
    }
}
