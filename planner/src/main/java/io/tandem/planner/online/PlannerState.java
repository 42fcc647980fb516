package io.tandem.planner.online;

import io.tandem.planner.solve.Prices;
import io.tandem.schema.Plan;
import java.util.Collection;
import java.util.Map;

/**
 * Everything the online policy remembers about one cell. The Flink operator backs it with keyed
 * managed state (so it is checkpointed with the job); the simulator and tests with plain maps.
 */
public interface PlannerState {

    DeviceStatistics device(String deviceId);

    void putDevice(DeviceStatistics statistics);

    Collection<DeviceStatistics> devices();

    boolean planned(String deviceId);

    /** The plans in force, by device id. */
    Map<String, Plan> plans();

    /** Stores a device's plan in force; the device is no longer retired. */
    void putPlan(Plan plan);

    /** When each device's current split was first planned, epoch microseconds. */
    Map<String, Long> splitSince();

    void putSplitSince(String deviceId, long micros);

    /** Measured over modelled edge speed; 1 until calibrated. */
    double edgeSpeed();

    void edgeSpeed(double speed);

    /**
     * Where the cell's last re-solve's price searches ended: the next one's start. Only saves work:
     * {@link Prices#NONE} (never solved, or lost) solves from scratch.
     */
    Prices solverPrices();

    void solverPrices(Prices prices);

    /**
     * The newest epoch issued to each device that left the plan (silent) and has not been planned
     * since: a device that comes back is planned above it, never again at an epoch it may hold.
     */
    Map<String, Long> retiredEpochs();

    /**
     * Drops the device's statistics, plan and split age, keeping its plan's epoch among the {@link
     * #retiredEpochs()} until it is planned again.
     */
    void forget(String deviceId);
}
