package sluice.common;

/**
 * The source of wall-clock time for every service. Injected everywhere so that tests can drive time
 * (see {@link ManualClock}); production uses {@link #system()}.
 */
public interface Clock {

    /** Milliseconds since the epoch. */
    long millis();

    static Clock system() {
        return System::currentTimeMillis;
    }
}
