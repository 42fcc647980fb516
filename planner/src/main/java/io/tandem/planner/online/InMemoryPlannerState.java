package io.tandem.planner.online;

import io.tandem.planner.solve.Prices;
import io.tandem.schema.Plan;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** {@link PlannerState} in plain maps: for the simulator and tests. */
public final class InMemoryPlannerState implements PlannerState {

    private final Map<String, DeviceStatistics> devices = new HashMap<>();
    private final Map<String, Plan> plans = new HashMap<>();
    private final Map<String, Long> splitSince = new HashMap<>();
    private final Map<String, Long> retiredEpochs = new HashMap<>();
    private double edgeSpeed = 1.0;
    private Prices solverPrices = Prices.NONE;

    @Override
    public DeviceStatistics device(String deviceId) {
        return devices.get(deviceId);
    }

    @Override
    public void putDevice(DeviceStatistics statistics) {
        devices.put(statistics.deviceId, statistics);
    }

    @Override
    public Collection<DeviceStatistics> devices() {
        return devices.values();
    }

    @Override
    public boolean planned(String deviceId) {
        return plans.containsKey(deviceId);
    }

    @Override
    public Map<String, Plan> plans() {
        return Map.copyOf(plans);
    }

    @Override
    public void putPlan(Plan plan) {
        plans.put(plan.getDeviceId(), plan);
        retiredEpochs.remove(plan.getDeviceId());
    }

    @Override
    public Map<String, Long> splitSince() {
        return Map.copyOf(splitSince);
    }

    @Override
    public void putSplitSince(String deviceId, long micros) {
        splitSince.put(deviceId, micros);
    }

    @Override
    public double edgeSpeed() {
        return edgeSpeed;
    }

    @Override
    public void edgeSpeed(double speed) {
        edgeSpeed = speed;
    }

    @Override
    public Prices solverPrices() {
        return solverPrices;
    }

    @Override
    public void solverPrices(Prices prices) {
        solverPrices = prices;
    }

    @Override
    public Map<String, Long> retiredEpochs() {
        return Map.copyOf(retiredEpochs);
    }

    @Override
    public void forget(String deviceId) {
        devices.remove(deviceId);
        Plan plan = plans.remove(deviceId);
        if (plan != null) {
            retiredEpochs.put(deviceId, plan.getEpoch());
        }
        splitSince.remove(deviceId);
    }
}
