package io.tandem.planner.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.tandem.planner.cost.DeviceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** On random small cells, checked against the exhaustive optimum. */
class SolverPropertiesTest {

    private static final int INSTANCES = 60;

    @Test
    void tandemIsWithinItsReportedGapOfTheOptimumAndItsBoundIsValid() {
        Random random = new Random(2026);
        List<Double> gaps = new ArrayList<>();
        List<Double> trueGaps = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            Problem problem =
                    RandomProblems.generate(random, 2 + random.nextInt(3), 2 + random.nextInt(3));
            Solution exact = new ExactSolver().solve(problem);
            Solution tandem = new TandemSolver().solve(problem);

            assertFeasible(problem, exact);
            assertFeasible(problem, tandem);
            assertThat(tandem.objective())
                    .as("instance %d: nothing beats the exact optimum", i)
                    .isGreaterThanOrEqualTo(exact.objective() * (1 - 1e-6));
            assertThat(tandem.lowerBound())
                    .as("instance %d: the lower bound is below the optimum", i)
                    .isLessThanOrEqualTo(exact.objective() * (1 + 1e-6));
            // gap = (objective - bound) / objective and bound <= optimum, so objective * (1 - gap)
            // <= optimum.
            assertThat(tandem.objective() * (1 - tandem.gap()))
                    .as("instance %d: within the reported gap", i)
                    .isLessThanOrEqualTo(exact.objective() * (1 + 1e-6));
            gaps.add(tandem.gap());
            trueGaps.add((tandem.objective() - exact.objective()) / exact.objective());
        }
        double worstTrueGap =
                trueGaps.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double meanGap = gaps.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf(
                "tandem vs exact on %d instances: worst true gap %.4f%%, mean reported gap %.4f%%,"
                        + " worst reported gap %.4f%%%n",
                INSTANCES,
                100 * worstTrueGap,
                100 * meanGap,
                100 * gaps.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        assertThat(worstTrueGap).isLessThanOrEqualTo(0.005);
        assertThat(gaps)
                .as("reported gaps")
                .allSatisfy(g -> assertThat(g).isLessThanOrEqualTo(0.005));
    }

    @Test
    void aSolveStartedFromTheLastOneIsAsGoodAsOneFromScratchAndItsBoundStillHolds() {
        Random random = new Random(2027);
        for (int i = 0; i < INSTANCES; i++) {
            Problem before =
                    RandomProblems.generate(random, 2 + random.nextInt(3), 2 + random.nextInt(3));
            Problem after = withLinksScaled(before, random, 0.3 + random.nextDouble());
            TandemSolver solver = new TandemSolver();
            Solution warm = solver.solve(after, WarmStart.after(solver.solve(before)));

            assertNearTheOptimum(after, warm, i);
        }
    }

    @Test
    void aLargeCellStartedFromItsLastSolveMatchesTheSolveFromScratch() {
        Random random = new Random(11);
        Problem before = RandomProblems.generate(random, 600, 4);
        Problem after = withLinksScaled(before, random, 0.5);
        TandemSolver solver = new TandemSolver();
        Solution cold = solver.solve(after);
        Solution warm = solver.solve(after, WarmStart.after(solver.solve(before)));
        assertFeasible(after, warm);
        assertThat(warm.prices().relaxation().known()).as("the solve reports its prices").isTrue();
        assertThat(warm.objective() * (1 - warm.gap()))
                .as("the warm solve's bound holds for the cold solve's plan too")
                .isLessThanOrEqualTo(cold.objective() * (1 + 1e-9));
        assertThat(warm.objective()).isCloseTo(cold.objective(), withinPercentage(0.2));
    }

    @Test
    void aStartFromAnUnrelatedCellStillGivesAFeasiblePlanWithAValidBound() {
        Random random = new Random(5);
        for (int i = 0; i < INSTANCES; i++) {
            Problem problem =
                    RandomProblems.generate(random, 2 + random.nextInt(3), 2 + random.nextInt(3));
            Prices.Point far =
                    new Prices.Point(random.nextDouble() * 1e-3, random.nextDouble() * 1e3);
            WarmStart unrelated =
                    new WarmStart(
                            new Prices(far, far),
                            Map.of("nobody", problem.devices().get(0).options().get(0)));
            assertNearTheOptimum(problem, new TandemSolver().solve(problem, unrelated), i);
        }
    }

    /**
     * Feasible, its bound below the exhaustive optimum, its plan within the solver's tolerance of
     * it.
     */
    private static void assertNearTheOptimum(Problem problem, Solution solution, int instance) {
        Solution exact = new ExactSolver().solve(problem);
        assertFeasible(problem, solution);
        assertThat(solution.lowerBound())
                .as("instance %d: the bound is below the optimum", instance)
                .isLessThanOrEqualTo(exact.objective() * (1 + 1e-6));
        assertThat(solution.objective())
                .as("instance %d: within the solver's tolerance of the optimum", instance)
                .isLessThanOrEqualTo(exact.objective() * 1.005);
    }

    /** The cell with a third of its devices' links scaled by {@code factor}. */
    private static Problem withLinksScaled(Problem problem, Random random, double factor) {
        List<Problem.Device> devices = new ArrayList<>();
        for (Problem.Device d : problem.devices()) {
            DeviceContext c = d.context();
            devices.add(
                    random.nextInt(3) == 0
                            ? new Problem.Device(
                                    d.id(),
                                    new DeviceContext(
                                            c.frameRateHz(),
                                            c.uplinkCapacityBps() * factor,
                                            c.rttSeconds(),
                                            c.deadlineSeconds(),
                                            c.weights()),
                                    d.options())
                            : d);
        }
        return new Problem(devices, problem.ingressBps());
    }

    static void assertFeasible(Problem problem, Solution solution) {
        assertThat(solution.assignments()).hasSize(problem.devices().size());
        assertThat(solution.totalBandwidthBps())
                .isLessThanOrEqualTo(problem.ingressBps() * (1 + 1e-9));
        assertThat(solution.totalComputeShare()).isLessThanOrEqualTo(1 + 1e-9);
        for (int i = 0; i < problem.devices().size(); i++) {
            Assignment a = solution.assignments().get(i);
            assertThat(a.bandwidthBps())
                    .isBetween(
                            0.0,
                            problem.devices().get(i).context().uplinkCapacityBps() * (1 + 1e-9));
            assertThat(a.computeShare()).isBetween(0.0, 1.0 + 1e-9);
            assertThat(problem.devices().get(i).options()).contains(a.option());
        }
    }
}
