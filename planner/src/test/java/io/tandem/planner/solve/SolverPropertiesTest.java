package io.tandem.planner.solve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
