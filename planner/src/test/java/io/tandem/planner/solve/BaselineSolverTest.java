package io.tandem.planner.solve;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.cost.TaskWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BaselineSolverTest {

    /**
     * Two versions, each at partition 0 (send the input), a mid split and 6 (all on the device).
     */
    static Problem cell(Random random, int devices) {
        List<Problem.Device> list = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            double speed = 0.5 + random.nextDouble() * 2; // device compute relative to a reference
            List<SplitOption> options =
                    List.of(
                            new SplitOption("w100", 0, "int8", 0, 0.004, 784, 0.91),
                            new SplitOption("w100", 3, "int8", 0.01 / speed, 0.002, 6272, 0.909),
                            new SplitOption("w100", 6, "float32", 0.025 / speed, 0, 40, 0.91),
                            new SplitOption("w50", 0, "int8", 0, 0.0015, 784, 0.895),
                            new SplitOption("w50", 3, "int8", 0.004 / speed, 0.0008, 3136, 0.894),
                            new SplitOption("w50", 6, "float32", 0.009 / speed, 0, 40, 0.895));
            DeviceContext context =
                    new DeviceContext(
                            5 + random.nextInt(20),
                            0.5e6 + random.nextDouble() * 10e6,
                            0.01 + random.nextDouble() * 0.04,
                            0.04 + random.nextDouble() * 0.2,
                            random.nextBoolean()
                                    ? TaskWeights.ACCURACY_SENSITIVE
                                    : TaskWeights.LATENCY_SENSITIVE);
            list.add(new Problem.Device("cam-" + d, context, options));
        }
        return new Problem(list, devices * (1e6 + random.nextDouble() * 5e6));
    }

    @Test
    void eachBaselineFollowsItsRuleAndStaysFeasible() {
        Problem problem = cell(new Random(5), 12);
        Solution deviceOnly = BaselineSolver.deviceOnly().solve(problem);
        Solution edgeOnly = BaselineSolver.edgeOnly().solve(problem);
        Solution neurosurgeon = BaselineSolver.neurosurgeon().solve(problem);
        Solution fixed = BaselineSolver.fixedVersion("w50").solve(problem);
        Solution edgent = BaselineSolver.edgent().solve(problem);

        assertThat(deviceOnly.assignments())
                .allSatisfy(a -> assertThat(a.option().partition()).isEqualTo(6));
        assertThat(deviceOnly.assignments()).allSatisfy(a -> assertThat(a.computeShare()).isZero());
        assertThat(edgeOnly.assignments())
                .allSatisfy(a -> assertThat(a.option().partition()).isZero());
        assertThat(neurosurgeon.assignments())
                .allSatisfy(a -> assertThat(a.option().version()).isEqualTo("w100"));
        assertThat(fixed.assignments())
                .allSatisfy(a -> assertThat(a.option().version()).isEqualTo("w50"));
        for (Solution s : List.of(deviceOnly, edgeOnly, neurosurgeon, fixed, edgent)) {
            SolverPropertiesTest.assertFeasible(problem, s);
            assertThat(s.gap()).isNaN(); // baselines prove nothing
        }
    }

    @Test
    void tandemIsNoWorseThanAnyBaselineOnRandomCells() {
        Random random = new Random(17);
        for (int i = 0; i < 10; i++) {
            Problem problem = cell(random, 5 + random.nextInt(30));
            Solution tandem = new TandemSolver().solve(problem);
            SolverPropertiesTest.assertFeasible(problem, tandem);
            for (String name :
                    List.of(
                            "device-only",
                            "edge-only",
                            "neurosurgeon",
                            "fixed-version",
                            "edgent")) {
                Solution baseline = Solvers.byName(name, "w50").solve(problem);
                assertThat(tandem.objective())
                        .as("cell %d: tandem vs %s", i, name)
                        .isLessThanOrEqualTo(baseline.objective() * (1 + 1e-9));
            }
        }
    }
}
