package io.tandem.device;

import io.tandem.planner.online.NewestPlan;
import io.tandem.planner.online.PlanCheck;
import io.tandem.schema.Plan;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A device's current plan. Plans arrive on another thread (the compacted plans topic) and are only
 * taken up at a frame boundary, by {@link #forNextFrame()}, so a frame never mixes two plans. Only
 * plans for this device with a newer epoch than any seen count: a replayed or reordered older plan
 * is ignored.
 */
public final class PlanFollower {

    private final String deviceId;
    private final Function<Plan, Optional<String>> runnable;
    private final AtomicReference<Plan> newest;
    private final AtomicLong refused = new AtomicLong();
    private volatile String lastRefusal;
    private Plan current;
    private long switches;

    /**
     * @param initial the safe default the device runs until its first plan arrives
     */
    public PlanFollower(Plan initial) {
        this(initial, plan -> Optional.empty());
    }

    /**
     * @param initial the safe default the device runs until its first plan arrives
     * @param runnable why the device cannot run a plan (its model lacks the slice), or empty
     */
    public PlanFollower(Plan initial, Function<Plan, Optional<String>> runnable) {
        this.deviceId = initial.getDeviceId();
        this.runnable = runnable;
        this.current = initial;
        this.newest = new AtomicReference<>(initial);
    }

    /**
     * Offers a plan from the plans topic; true when it is newer than any seen and so will be
     * followed.
     */
    public boolean offer(Plan plan) {
        if (!deviceId.equals(plan.getDeviceId())) {
            return false;
        }
        if (!NewestPlan.supersedes(plan, newest.get())) {
            return false; // a replay of an older plan: neither followed nor refused again
        }
        Optional<String> problem = PlanCheck.problem(plan).or(() -> runnable.apply(plan));
        if (problem.isPresent()) {
            // Keep following the current plan: a plan at fps 0 or an unknown slice would stop the
            // device.
            refused.incrementAndGet();
            lastRefusal = "epoch " + plan.getEpoch() + ": " + problem.get();
            return false;
        }
        Plan before = newest.getAndUpdate(seen -> NewestPlan.supersedes(plan, seen) ? plan : seen);
        return NewestPlan.supersedes(plan, before);
    }

    /**
     * The plan the next frame runs under, switching to the newest offered one; call once per frame.
     */
    public Plan forNextFrame() {
        Plan latest = newest.get();
        if (latest != current) {
            current = latest;
            switches++;
        }
        return current;
    }

    /** The newest plan offered (the next frame's). */
    public Plan current() {
        return newest.get();
    }

    /** Plans refused so far, as no plan this device can follow. */
    public long refused() {
        return refused.get();
    }

    /** Why the newest refused plan was refused; null when none was. */
    public String lastRefusal() {
        return lastRefusal;
    }

    /** Plan changes taken up so far. */
    public long switches() {
        return switches;
    }
}
