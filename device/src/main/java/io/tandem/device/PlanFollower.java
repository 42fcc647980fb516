package io.tandem.device;

import io.tandem.device.models.Readiness;
import io.tandem.planner.online.NewestPlan;
import io.tandem.planner.online.PlanCheck;
import io.tandem.schema.Plan;
import java.util.Optional;
import java.util.function.Function;

/**
 * A device's current plan. Plans arrive on another thread (the compacted plans topic) and are only
 * taken up at a frame boundary, by {@link #forNextFrame()}, so a frame never mixes two plans. Only
 * plans for this device with a newer epoch than any seen count: a replayed or reordered older plan
 * is ignored. A plan whose slice the device is still fetching waits: the device keeps its current
 * plan and takes the waiting one at the first frame boundary after the slice is loaded, unless a
 * newer plan came first. A plan the device can never run is refused and the current one kept.
 */
public final class PlanFollower {

    private final String deviceId;
    private final Function<Plan, Readiness> readiness;
    private Plan newest;
    private Plan waiting;
    private long refused;
    private String lastRefusal;
    private Plan current;
    private long switches;

    /**
     * @param initial the safe default the device runs until its first plan arrives
     */
    public PlanFollower(Plan initial) {
        this(initial, plan -> Readiness.READY);
    }

    /**
     * @param initial the safe default the device runs until its first plan arrives
     * @param readiness whether the device can run a plan's slice now, soon or never
     */
    public PlanFollower(Plan initial, Function<Plan, Readiness> readiness) {
        this.deviceId = initial.getDeviceId();
        this.readiness = readiness;
        this.current = initial;
        this.newest = initial;
    }

    /**
     * Offers a plan from the plans topic; true when it is newer than any seen and will be followed
     * (at once, or once its slice is loaded).
     */
    public synchronized boolean offer(Plan plan) {
        if (!deviceId.equals(plan.getDeviceId())) {
            return false;
        }
        if (!NewestPlan.supersedes(plan, waiting != null ? waiting : newest)) {
            return false; // a replay of an older plan: neither followed nor refused again
        }
        Optional<String> invalid = PlanCheck.problem(plan);
        Readiness ready =
                invalid.isPresent() ? Readiness.refused(invalid.get()) : readiness.apply(plan);
        switch (ready.state()) {
            case REFUSED -> {
                // Keep following the current plan: a plan at fps 0 or an unknown slice would stop
                // the device.
                refused++;
                lastRefusal = "epoch " + plan.getEpoch() + ": " + ready.reason();
                return false;
            }
            case PENDING -> waiting = plan;
            case READY -> {
                newest = plan;
                waiting = null;
            }
        }
        return true;
    }

    /**
     * The plan the next frame runs under, switching to the newest offered one (or the waiting one,
     * once ready); call once per frame.
     */
    public synchronized Plan forNextFrame() {
        if (waiting != null) {
            Readiness ready = readiness.apply(waiting);
            if (ready.ready()) {
                newest = waiting;
                waiting = null;
            } else if (!ready.pending()) {
                refused++;
                lastRefusal = "epoch " + waiting.getEpoch() + ": " + ready.reason();
                waiting = null;
            }
        }
        if (newest != current) {
            current = newest;
            switches++;
        }
        return current;
    }

    /** The newest plan the device follows (the next frame's, unless one is waiting). */
    public synchronized Plan current() {
        return newest;
    }

    /** A newer plan waiting for its slice, if any. */
    public synchronized Optional<Plan> waiting() {
        return Optional.ofNullable(waiting);
    }

    /** Plans refused so far, as no plan this device can follow. */
    public synchronized long refused() {
        return refused;
    }

    /** Why the newest refused plan was refused; null when none was. */
    public synchronized String lastRefusal() {
        return lastRefusal;
    }

    /** Plan changes taken up so far. */
    public synchronized long switches() {
        return switches;
    }
}
