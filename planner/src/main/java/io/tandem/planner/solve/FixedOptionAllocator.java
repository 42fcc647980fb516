package io.tandem.planner.solve;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.Latency;
import io.tandem.planner.cost.SplitOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Optimal shares of bandwidth and compute once every device's option is fixed: a convex problem,
 * solved through its dual. The result is always feasible: any excess left by the bisection's
 * tolerance is removed by scaling the shares down.
 */
final class FixedOptionAllocator {

    /** Shares are what plans are made of: fill the resources to within this fraction. */
    private static final double ALLOCATION_TOLERANCE = 1e-7;

    private FixedOptionAllocator() {}

    /**
     * The devices' assignments and their total cost (infinite when some device cannot be served).
     */
    static List<Assignment> allocate(Problem problem, List<SplitOption> options) {
        return allocate(problem, options, Prices.Point.ZERO).assignments();
    }

    /** Every device's assignment, and the prices their shares balance at. */
    record Allocation(List<Assignment> assignments, Prices.Point prices) {}

    /**
     * As {@link #allocate(Problem, List)}, starting the price search from prices expected to be
     * close, and with the prices it ended at.
     */
    static Allocation allocate(Problem problem, List<SplitOption> options, Prices.Point start) {
        List<List<SplitOption>> single = options.stream().map(List::of).toList();
        DualAscent.Priced priced =
                new DualAscent(
                                problem.devices(),
                                single,
                                problem.ingressBps(),
                                ALLOCATION_TOLERANCE)
                        .run((bound, p) -> false, start, Map.of())
                        .feasibleSide();
        double bandwidthScale =
                Math.min(
                        1,
                        problem.ingressBps()
                                / Math.max(priced.bandwidthDemand(), Double.MIN_VALUE));
        double computeScale = Math.min(1, 1.0 / Math.max(priced.computeDemand(), Double.MIN_VALUE));
        List<Assignment> assignments = new ArrayList<>(options.size());
        for (int i = 0; i < options.size(); i++) {
            Problem.Device device = problem.devices().get(i);
            PricedResponse.Response r = priced.responses()[i];
            double b = r.bandwidthBps() * bandwidthScale;
            double c = r.computeShare() * computeScale;
            Latency latency = CostModel.latency(options.get(i), device.context(), b, c);
            assignments.add(
                    new Assignment(
                            device.id(),
                            options.get(i),
                            b,
                            c,
                            latency,
                            CostModel.costOf(options.get(i), device.context(), latency.total())));
        }
        return new Allocation(
                assignments, new Prices.Point(priced.bandwidthPrice(), priced.computePrice()));
    }

    static double objective(List<Assignment> assignments) {
        return assignments.stream().mapToDouble(Assignment::cost).sum();
    }
}
