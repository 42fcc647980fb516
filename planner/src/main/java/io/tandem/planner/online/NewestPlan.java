package io.tandem.planner.online;

import io.tandem.schema.Plan;

/**
 * "The newest plan wins", the one rule every reader of the plans topic follows: a device's plans
 * are ordered by epoch, and a plan replaces the one held only if its epoch is higher. The same
 * epoch again is the same plan (re-read from the compacted topic, or delivered twice).
 */
public final class NewestPlan {

    private NewestPlan() {}

    public static boolean supersedes(long candidateEpoch, Long heldEpoch) {
        return heldEpoch == null || candidateEpoch > heldEpoch;
    }

    public static boolean supersedes(Plan candidate, Plan held) {
        return supersedes(candidate.getEpoch(), held == null ? null : held.getEpoch());
    }
}
