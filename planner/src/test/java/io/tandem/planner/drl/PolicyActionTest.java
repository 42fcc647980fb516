package io.tandem.planner.drl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.planner.solve.Assignment;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.RandomProblems;
import io.tandem.planner.solve.Solution;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever a policy outputs, the plan it becomes fits the cell. */
class PolicyActionTest {

    @Test
    void anyActionBecomesAPlanWithinTheCellsCapacities() {
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            Problem problem =
                    RandomProblems.generate(random, 1 + random.nextInt(40), 1 + random.nextInt(8));
            int n = problem.devices().size();
            int[] option = new int[n];
            float[] logits = new float[2 * n];
            for (int i = 0; i < n; i++) {
                option[i] = random.nextInt(problem.devices().get(i).options().size());
                logits[2 * i] = (float) (random.nextGaussian() * 10);
                logits[2 * i + 1] = (float) (random.nextGaussian() * 10);
            }
            Solution plan =
                    new PolicyAction(option, logits).plan("drl", problem, System.nanoTime());
            assertThat(plan.totalBandwidthBps())
                    .isLessThanOrEqualTo(problem.ingressBps() * (1 + 1e-9));
            assertThat(plan.totalComputeShare()).isLessThanOrEqualTo(1 + 1e-9);
            for (int i = 0; i < n; i++) {
                Assignment a = plan.assignments().get(i);
                Problem.Device d = problem.devices().get(i);
                assertThat(a.option()).isEqualTo(d.options().get(option[i]));
                assertThat(a.bandwidthBps())
                        .isPositive()
                        .isLessThanOrEqualTo(d.context().uplinkCapacityBps() * (1 + 1e-9));
                if (a.option().deviceOnly()) {
                    assertThat(a.computeShare()).isZero();
                } else {
                    assertThat(a.computeShare()).isPositive();
                }
            }
            boolean anyBelowItsLink =
                    plan.assignments().stream()
                            .anyMatch(
                                    a ->
                                            a.bandwidthBps()
                                                    < problem.devices().stream()
                                                                    .filter(
                                                                            d ->
                                                                                    d.id().equals(
                                                                                                    a
                                                                                                            .deviceId()))
                                                                    .findFirst()
                                                                    .orElseThrow()
                                                                    .context()
                                                                    .uplinkCapacityBps()
                                                            * (1 - 1e-9));
            if (anyBelowItsLink) {
                // The ingress is not left idle while a device could use more of it.
                assertThat(plan.totalBandwidthBps())
                        .isCloseTo(
                                problem.ingressBps(),
                                org.assertj.core.data.Percentage.withPercentage(1e-6));
            }
        }
    }

    @Test
    void equalLogitsShareTheEdgeEquallyAmongItsUsers() {
        Problem problem = RandomProblems.generate(new Random(3), 6, 3);
        int[] option = {1, 2, 0, 1, 0, 2}; // option 0 runs on the device
        Solution plan = new PolicyAction(option, new float[12]).plan("drl", problem, 0);
        assertThat(plan.assignments())
                .filteredOn(a -> !a.option().deviceOnly())
                .allSatisfy(
                        a ->
                                assertThat(a.computeShare())
                                        .isCloseTo(
                                                0.25, org.assertj.core.data.Offset.offset(1e-12)));
    }

    @Test
    void aSolversPlanBecomesAnActionThatGivesThePlanBack() {
        Random random = new Random(17);
        for (int trial = 0; trial < 50; trial++) {
            Problem problem = RandomProblems.generate(random, 2 + random.nextInt(20), 4);
            Solution tandem = new io.tandem.planner.solve.TandemSolver().solve(problem);
            Solution again = PolicyAction.of(problem, tandem).plan("drl", problem, 0);
            for (int i = 0; i < problem.devices().size(); i++) {
                Assignment a = tandem.assignments().get(i);
                Assignment b = again.assignments().get(i);
                assertThat(b.option()).isEqualTo(a.option());
                double scaled =
                        tandem.totalComputeShare() > 0
                                ? a.computeShare() / tandem.totalComputeShare()
                                : 0;
                assertThat(b.computeShare())
                        .isCloseTo(scaled, org.assertj.core.data.Offset.offset(1e-6));
            }
            assertThat(again.objective())
                    .as("shares scaled up to fill the cell can only help")
                    .isLessThanOrEqualTo(tandem.objective() * (1 + 1e-6));
        }
    }

    @Test
    void anActionOutsideTheOptionsIsRefused() {
        Problem problem = RandomProblems.generate(new Random(5), 2, 3);
        assertThatThrownBy(
                        () ->
                                new PolicyAction(new int[] {0, 3}, new float[4])
                                        .plan("drl", problem, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 3 of 3");
        assertThatThrownBy(
                        () -> new PolicyAction(new int[] {0}, new float[2]).plan("drl", problem, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
