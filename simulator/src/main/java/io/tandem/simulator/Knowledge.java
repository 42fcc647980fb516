package io.tandem.simulator;

/** What a planner knows of each device's uplink when it plans a window. */
public enum Knowledge {
    /** Capacities measured over past windows only ({@link UplinkEstimate}): what telemetry gives a real planner. */
    PAST_WINDOW,
    /** The true mean capacity of the window being planned: clairvoyant, the limit. */
    NEXT_WINDOW,
    /** Each trace's long-run mean, once at the start; the plan is never revised. */
    LONG_RUN
}
