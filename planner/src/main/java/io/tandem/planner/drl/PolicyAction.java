package io.tandem.planner.drl;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.Latency;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.solve.Assignment;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the learned policy decides for a cell: an option index per device, and per device two
 * logits, one for its weight on the ingress and one for its weight on the edge. {@link #plan} turns
 * them into a feasible plan: weights are normalised onto the cell's capacities (ingress capped at
 * each device's own link, the excess shared out again; the edge only among devices that use it).
 *
 * @param option index into each device's options, in the problem's order
 * @param shareLogits {@code devices x 2}: ingress logit, edge logit
 */
public record PolicyAction(int[] option, float[] shareLogits) {

    /** Logits are clipped to this magnitude, so no device's weight is 0 or overflows. */
    static final double LOGIT_BOUND = 6;

    /**
     * The action that stands for a solver's plan: its options, and logits whose weights give its
     * shares (relative to equal shares; a device off the edge gets 0).
     */
    public static PolicyAction of(Problem problem, Solution solution) {
        int n = problem.devices().size();
        int[] option = new int[n];
        float[] logits = new float[2 * n];
        Map<String, Assignment> byId = new HashMap<>();
        solution.assignments().forEach(a -> byId.put(a.deviceId(), a));
        for (int i = 0; i < n; i++) {
            Problem.Device d = problem.devices().get(i);
            Assignment a = byId.get(d.id());
            option[i] = d.options().indexOf(a.option());
            if (option[i] < 0) {
                throw new IllegalArgumentException(
                        "plan names an option device " + d.id() + " lacks");
            }
            logits[2 * i] = logit(a.bandwidthBps() * n / problem.ingressBps());
            logits[2 * i + 1] = a.computeShare() > 0 ? logit(a.computeShare() * n) : 0;
        }
        return new PolicyAction(option, logits);
    }

    private static float logit(double relativeWeight) {
        return (float)
                Math.max(
                        -LOGIT_BOUND,
                        Math.min(LOGIT_BOUND, Math.log(Math.max(relativeWeight, 1e-9))));
    }

    public Solution plan(String solver, Problem problem, long startNanos) {
        List<Problem.Device> devices = problem.devices();
        int n = devices.size();
        if (option.length != n || shareLogits.length != 2 * n) {
            throw new IllegalArgumentException(
                    "action for " + option.length + " devices, cell has " + n);
        }
        List<SplitOption> chosen = new ArrayList<>(n);
        double[] bandwidthWeight = new double[n];
        double[] computeWeight = new double[n];
        double computeTotal = 0;
        for (int i = 0; i < n; i++) {
            List<SplitOption> options = devices.get(i).options();
            if (option[i] < 0 || option[i] >= options.size()) {
                throw new IllegalArgumentException(
                        "option " + option[i] + " of " + options.size() + " for device " + i);
            }
            SplitOption o = options.get(option[i]);
            chosen.add(o);
            bandwidthWeight[i] = weight(shareLogits[2 * i]);
            computeWeight[i] = o.deviceOnly() ? 0 : weight(shareLogits[2 * i + 1]);
            computeTotal += computeWeight[i];
        }
        double[] bandwidth = capped(problem, bandwidthWeight);
        List<Assignment> assignments = new ArrayList<>(n);
        double objective = 0;
        for (int i = 0; i < n; i++) {
            Problem.Device d = devices.get(i);
            SplitOption o = chosen.get(i);
            double compute = computeTotal > 0 ? computeWeight[i] / computeTotal : 0;
            Latency latency = CostModel.latency(o, d.context(), bandwidth[i], compute);
            double cost = CostModel.costOf(o, d.context(), latency.total());
            assignments.add(new Assignment(d.id(), o, bandwidth[i], compute, latency, cost));
            objective += cost;
        }
        return new Solution(
                solver, assignments, objective, Double.NaN, System.nanoTime() - startNanos);
    }

    private static double weight(float logit) {
        return Math.exp(Math.max(-LOGIT_BOUND, Math.min(LOGIT_BOUND, logit)));
    }

    /**
     * The ingress in proportion to the weights, no device above its own link: what a capped device
     * cannot use goes to the others in proportion (water-filling).
     */
    private static double[] capped(Problem problem, double[] weight) {
        int n = weight.length;
        double[] share = new double[n];
        boolean[] fixed = new boolean[n];
        double left = problem.ingressBps();
        for (int round = 0; round < n && left > 0; round++) {
            double free = 0;
            for (int i = 0; i < n; i++) {
                if (!fixed[i]) {
                    free += weight[i];
                }
            }
            if (free == 0) {
                break;
            }
            boolean capped = false;
            double unit = left / free;
            for (int i = 0; i < n; i++) {
                double cap = problem.devices().get(i).context().uplinkCapacityBps();
                if (!fixed[i] && weight[i] * unit >= cap) {
                    share[i] = cap;
                    fixed[i] = true;
                    left -= cap;
                    capped = true;
                }
            }
            if (!capped) {
                for (int i = 0; i < n; i++) {
                    if (!fixed[i]) {
                        share[i] = weight[i] * unit;
                    }
                }
                break;
            }
        }
        return share;
    }
}
