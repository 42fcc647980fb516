package io.tandem.planner.solve;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.Latency;
import io.tandem.planner.cost.SplitOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The allocation most systems use without a joint optimiser: the ingress split equally among the
 * devices (capped by each device's own link) and the edge split equally among the devices that use
 * it.
 */
final class EqualShares {

    private EqualShares() {}

    static Solution plan(
            String solver, Problem problem, List<SplitOption> options, long startNanos) {
        int n = problem.devices().size();
        long edgeUsers = options.stream().filter(o -> !o.deviceOnly()).count();
        List<Assignment> assignments = new ArrayList<>(n);
        double objective = 0;
        for (int i = 0; i < n; i++) {
            Problem.Device device = problem.devices().get(i);
            SplitOption option = options.get(i);
            double b = Math.min(problem.ingressBps() / n, device.context().uplinkCapacityBps());
            double c = option.deviceOnly() ? 0 : 1.0 / edgeUsers;
            Latency latency = CostModel.latency(option, device.context(), b, c);
            double cost = CostModel.costOf(option, device.context(), latency.total());
            assignments.add(new Assignment(device.id(), option, b, c, latency, cost));
            objective += cost;
        }
        return new Solution(
                solver, assignments, objective, Double.NaN, System.nanoTime() - startNanos);
    }

    /** The option of {@code candidates} with the lowest cost for this device under equal shares. */
    static SplitOption bestUnderEqualShares(
            Problem problem,
            Problem.Device device,
            List<SplitOption> candidates,
            boolean latencyOnly) {
        int n = problem.devices().size();
        double b = Math.min(problem.ingressBps() / n, device.context().uplinkCapacityBps());
        SplitOption best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (SplitOption option : candidates) {
            double c = option.deviceOnly() ? 0 : 1.0 / n;
            Latency latency = CostModel.latency(option, device.context(), b, c);
            double score =
                    latencyOnly
                            ? latency.total()
                            : CostModel.costOf(option, device.context(), latency.total());
            if (best == null || score < bestScore) {
                best = option;
                bestScore = score;
            }
        }
        return best;
    }
}
