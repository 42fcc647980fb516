package io.tandem.jobs.planning;

import io.tandem.planner.online.DeviceStatistics;
import io.tandem.planner.online.PlannerState;
import io.tandem.planner.solve.Prices;
import io.tandem.schema.Plan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/**
 * The planner's {@link PlannerState} in the operator's keyed managed state, for the current cell
 * key.
 */
final class FlinkPlannerState implements PlannerState {

    /**
     * Flink's state accessors declare {@code Exception}; the heap and RocksDB backends throw only
     * on real failure.
     */
    @FunctionalInterface
    private interface StateCall<T> {
        T call() throws Exception;
    }

    private final MapState<String, DeviceStatistics> devices;
    private final MapState<String, Plan> plans;
    private final MapState<String, Long> splitSince;
    private final MapState<String, Long> retiredEpochs;
    private final ValueState<Double> edgeSpeed;

    /** {@link Prices} as four numbers: relaxation bandwidth, compute; shares bandwidth, compute. */
    private final ValueState<double[]> solverPrices;

    FlinkPlannerState(
            MapState<String, DeviceStatistics> devices,
            MapState<String, Plan> plans,
            MapState<String, Long> splitSince,
            MapState<String, Long> retiredEpochs,
            ValueState<Double> edgeSpeed,
            ValueState<double[]> solverPrices) {
        this.devices = devices;
        this.plans = plans;
        this.splitSince = splitSince;
        this.retiredEpochs = retiredEpochs;
        this.edgeSpeed = edgeSpeed;
        this.solverPrices = solverPrices;
    }

    @Override
    public DeviceStatistics device(String deviceId) {
        return call(() -> devices.get(deviceId));
    }

    @Override
    public void putDevice(DeviceStatistics statistics) {
        call(
                () -> {
                    devices.put(statistics.deviceId, statistics);
                    return null;
                });
    }

    @Override
    public Collection<DeviceStatistics> devices() {
        return call(
                () -> {
                    List<DeviceStatistics> all = new ArrayList<>();
                    devices.values().forEach(all::add);
                    return all;
                });
    }

    @Override
    public boolean planned(String deviceId) {
        return call(() -> plans.contains(deviceId));
    }

    @Override
    public Map<String, Plan> plans() {
        return call(
                () -> {
                    Map<String, Plan> all = new HashMap<>();
                    plans.entries().forEach(e -> all.put(e.getKey(), e.getValue()));
                    return all;
                });
    }

    @Override
    public void putPlan(Plan plan) {
        call(
                () -> {
                    plans.put(plan.getDeviceId(), plan);
                    retiredEpochs.remove(plan.getDeviceId());
                    return null;
                });
    }

    @Override
    public Map<String, Long> splitSince() {
        return call(
                () -> {
                    Map<String, Long> all = new HashMap<>();
                    splitSince.entries().forEach(e -> all.put(e.getKey(), e.getValue()));
                    return all;
                });
    }

    @Override
    public void putSplitSince(String deviceId, long micros) {
        call(
                () -> {
                    splitSince.put(deviceId, micros);
                    return null;
                });
    }

    @Override
    public double edgeSpeed() {
        Double speed = call(edgeSpeed::value);
        return speed == null ? 1.0 : speed;
    }

    @Override
    public void edgeSpeed(double speed) {
        call(
                () -> {
                    edgeSpeed.update(speed);
                    return null;
                });
    }

    @Override
    public Prices solverPrices() {
        double[] p = call(solverPrices::value);
        return p == null
                ? Prices.NONE
                : new Prices(new Prices.Point(p[0], p[1]), new Prices.Point(p[2], p[3]));
    }

    @Override
    public void solverPrices(Prices prices) {
        call(
                () -> {
                    solverPrices.update(
                            new double[] {
                                prices.relaxation().bandwidth(),
                                prices.relaxation().compute(),
                                prices.shares().bandwidth(),
                                prices.shares().compute()
                            });
                    return null;
                });
    }

    @Override
    public Map<String, Long> retiredEpochs() {
        return call(
                () -> {
                    Map<String, Long> all = new HashMap<>();
                    retiredEpochs.entries().forEach(e -> all.put(e.getKey(), e.getValue()));
                    return all;
                });
    }

    @Override
    public void forget(String deviceId) {
        call(
                () -> {
                    devices.remove(deviceId);
                    Plan plan = plans.get(deviceId);
                    if (plan != null) {
                        retiredEpochs.put(deviceId, plan.getEpoch());
                        plans.remove(deviceId);
                    }
                    splitSince.remove(deviceId);
                    return null;
                });
    }

    private static <T> T call(StateCall<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("planner state access failed: " + e.getMessage(), e);
        }
    }
}
