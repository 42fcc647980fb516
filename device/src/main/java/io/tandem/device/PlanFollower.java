package io.tandem.device;

import io.tandem.planner.online.NewestPlan;
import io.tandem.schema.Plan;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A device's current plan. Plans arrive on another thread (the compacted plans topic) and are only
 * taken up at a frame boundary, by {@link #forNextFrame()}, so a frame never mixes two plans. Only
 * plans for this device with a newer epoch than any seen count: a replayed or reordered older plan
 * is ignored.
 */
public final class PlanFollower {

    private final String deviceId;
    private final AtomicReference<Plan> newest;
    private Plan current;
    private long switches;

    /**
     * @param initial the safe default the device runs until its first plan arrives
     */
    public PlanFollower(Plan initial) {
        this.deviceId = initial.getDeviceId();
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

    /** Plan changes taken up so far. */
    public long switches() {
        return switches;
    }
}
