package io.tandem.device.models;

/**
 * Whether a device can run a plan's slice now: it holds it ({@link #READY}), it is fetching it and
 * keeps its current plan meanwhile ({@link #PENDING}), or it never will ({@link #refused}).
 */
public record Readiness(State state, String reason) {

    public enum State {
        READY,
        PENDING,
        REFUSED
    }

    public static final Readiness READY = new Readiness(State.READY, null);

    public static Readiness pending(String why) {
        return new Readiness(State.PENDING, why);
    }

    public static Readiness refused(String why) {
        return new Readiness(State.REFUSED, why);
    }

    public boolean ready() {
        return state == State.READY;
    }

    public boolean pending() {
        return state == State.PENDING;
    }
}
