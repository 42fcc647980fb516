package io.tandem.planner.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.planner.cost.SplitOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reuse of one solver across cells, and large cells, whose evaluations run on the fork-join pool.
 */
class DualAscentTest {

    /** Large cells, each past the parallel threshold. */
    private static final int[] LARGE = {DualAscent.PARALLEL_FROM, 700, 1500};

    @Test
    void oneInstanceSolvesCellsInTurnAsFreshInstancesDo() {
        Random random = new Random(11);
        Problem a = RandomProblems.generate(random, 40, 5);
        Problem b = RandomProblems.generate(random, 600, 4);
        DualAscent solver = new DualAscent();

        DualAscent.Result firstA = solve(solver, a);
        DualAscent.Result onlyB = solve(solver, b);
        DualAscent.Result secondA = solve(solver, a);

        assertSameResult(secondA, firstA);
        assertSameResult(onlyB, solve(new DualAscent(), b));
        assertSameResult(firstA, new DualAscent(a.devices(), options(a), a.ingressBps()).run());
    }

    @Test
    void aBoundCellRunTwiceGivesTheSameAnswer() {
        Problem cell = RandomProblems.generate(new Random(12), 30, 4);
        DualAscent bound = new DualAscent(cell.devices(), options(cell), cell.ingressBps());
        assertSameResult(bound.run(), bound.run());
    }

    @Test
    void aSolverOfAnyCellHasNoCellToRun() {
        assertThatThrownBy(() -> new DualAscent().run()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parallelEvaluationsMatchTheSameChunksEvaluatedInTurn() {
        Random random = new Random(13);
        for (int size : LARGE) {
            Problem cell = RandomProblems.generate(random, size, 6);
            DualAscent.Result parallel =
                    solve(new DualAscent(DualAscent.DEMAND_TOLERANCE, true), cell);
            DualAscent.Result inTurn =
                    solve(new DualAscent(DualAscent.DEMAND_TOLERANCE, false), cell);
            assertSameResult(parallel, inTurn);
        }
    }

    @Test
    void largeCellRelaxationsFitTheCapacitiesAndBoundTheirPlans() {
        Random random = new Random(14);
        for (int size : LARGE) {
            Problem cell = RandomProblems.generate(random, size, 2 + random.nextInt(6));
            List<List<SplitOption>> options = options(cell);
            DualAscent.Result result = solve(new DualAscent(), cell);
            DualAscent.Priced priced = result.feasibleSide();

            assertThat(priced.bandwidthDemand())
                    .as("%d devices: bandwidth demand", size)
                    .isLessThanOrEqualTo(cell.ingressBps() * (1 + 1e-9));
            assertThat(priced.computeDemand())
                    .as("%d devices: compute demand", size)
                    .isLessThanOrEqualTo(1 + 1e-9);
            assertThat(priced.bandwidthPrice()).isGreaterThanOrEqualTo(0);
            assertThat(priced.computePrice()).isGreaterThanOrEqualTo(0);
            double bandwidth = 0;
            double compute = 0;
            List<SplitOption> chosen = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                PricedResponse.Response r = priced.responses()[i];
                assertThat(r.feasible()).as("device %d is served", i).isTrue();
                assertThat(r.bandwidthBps())
                        .isBetween(0.0, cell.devices().get(i).context().uplinkCapacityBps());
                assertThat(r.computeShare()).isBetween(0.0, 1.0);
                bandwidth += r.bandwidthBps();
                compute += r.computeShare();
                chosen.add(options.get(i).get(priced.choice()[i]));
            }
            assertThat(priced.bandwidthDemand()).isCloseTo(bandwidth, withinRelative(1e-9));
            assertThat(priced.computeDemand()).isCloseTo(compute, withinRelative(1e-9));
            // The bound is the best dual value seen, and no feasible plan costs less.
            assertThat(result.lowerBound()).isGreaterThanOrEqualTo(priced.dualValue());
            double plan =
                    FixedOptionAllocator.objective(FixedOptionAllocator.allocate(cell, chosen));
            assertThat(result.lowerBound())
                    .as("%d devices: bound below its own plan", size)
                    .isLessThanOrEqualTo(plan * (1 + 1e-9));
            assertThat(plan)
                    .as("%d devices: the relaxation is nearly tight", size)
                    .isLessThanOrEqualTo(result.lowerBound() * 1.01);
        }
    }

    @Test
    void largeCellPlansAreFeasibleWithinTheirGapAndNoWorseThanABaseline() {
        Random random = new Random(15);
        for (int size : LARGE) {
            Problem cell = RandomProblems.generate(random, size, 2 + random.nextInt(6));
            Solution deviceOnly = BaselineSolver.deviceOnly().solve(cell);
            SolverPropertiesTest.assertFeasible(cell, deviceOnly);
            for (TandemSolver solver : List.of(new TandemSolver(), TandemSolver.online())) {
                Solution tandem = solver.solve(cell);
                SolverPropertiesTest.assertFeasible(cell, tandem);
                assertThat(tandem.lowerBound())
                        .as("%d devices: bound below the plan", size)
                        .isLessThanOrEqualTo(tandem.objective());
                // Any feasible plan costs at least the optimum, which the plan is within its gap
                // of.
                assertThat(tandem.lowerBound())
                        .as("%d devices: bound below a baseline's plan", size)
                        .isLessThanOrEqualTo(deviceOnly.objective() * (1 + 1e-9));
                assertThat(tandem.objective() * (1 - tandem.gap()))
                        .isLessThanOrEqualTo(deviceOnly.objective());
                assertThat(tandem.gap())
                        .as("%d devices: reported gap", size)
                        .isLessThanOrEqualTo(0.005);
            }
        }
    }

    @Test
    void aCellAndItsDoubleOnTheParallelPathAgree() {
        // The cell runs in one chunk; its double (every device twice, twice the ingress, half the
        // edge work per
        // frame, as latency depends on work / share) in many. At bandwidth price l and compute
        // price 2m the double's
        // dual value is exactly twice the cell's at (l, m), and the cell's plan twice over, compute
        // shares halved,
        // is a plan for the double with twice its cost.
        Problem cell = RandomProblems.generate(new Random(16), DualAscent.PARALLEL_FROM / 2, 5);
        List<Problem.Device> twice = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) {
            for (Problem.Device d : cell.devices()) {
                List<SplitOption> halved =
                        d.options().stream()
                                .map(
                                        o ->
                                                new SplitOption(
                                                        o.version(),
                                                        o.partition(),
                                                        o.codec(),
                                                        o.headSeconds(),
                                                        o.tailEdgeSeconds() / 2,
                                                        o.bytesPerFrame(),
                                                        o.accuracy()))
                                .toList();
                twice.add(new Problem.Device(d.id() + "/" + copy, d.context(), halved));
            }
        }
        Problem doubled = new Problem(twice, 2 * cell.ingressBps());
        assertThat(doubled.devices()).hasSizeGreaterThanOrEqualTo(DualAscent.PARALLEL_FROM);

        DualAscent.Result single = solve(new DualAscent(), cell);
        DualAscent.Result pair = solve(new DualAscent(), doubled);
        assertThat(pair.lowerBound()).isCloseTo(2 * single.lowerBound(), withinRelative(1e-6));
        assertThat(pair.feasibleSide().computePrice())
                .isCloseTo(2 * single.feasibleSide().computePrice(), withinRelative(1e-3));

        Solution tandemCell = new TandemSolver().solve(cell);
        Solution tandemDoubled = new TandemSolver().solve(doubled);
        SolverPropertiesTest.assertFeasible(doubled, tandemDoubled);
        // Each bound is below the other's plan: the double's optimum is at most twice the cell's,
        // and its best
        // dual value exactly twice the cell's.
        assertThat(tandemDoubled.lowerBound())
                .isLessThanOrEqualTo(2 * tandemCell.objective() * (1 + 1e-9));
        assertThat(2 * tandemCell.lowerBound())
                .isLessThanOrEqualTo(tandemDoubled.objective() * (1 + 1e-9));
        // Both plans are within the solver's tolerance (0.2%) of their bounds, which agree.
        assertThat(tandemDoubled.objective())
                .isCloseTo(2 * tandemCell.objective(), withinRelative(0.004));
    }

    @Test
    void startedWherePricesAlreadyProveThePlanItEvaluatesOnce() {
        Problem cell = RandomProblems.generate(new Random(8), 40, 4);
        DualAscent.RoundCheck enough = (bound, priced) -> true;
        DualAscent.Result cold =
                new DualAscent(cell.devices(), options(cell), cell.ingressBps()).run(enough);
        DualAscent.Priced end = cold.feasibleSide();
        DualAscent.Result warm =
                new DualAscent(cell.devices(), options(cell), cell.ingressBps())
                        .run(
                                enough,
                                new Prices.Point(end.bandwidthPrice(), end.computePrice()),
                                Map.of());
        assertThat(cold.evaluations()).as("from zero prices").isGreaterThan(1);
        assertThat(warm.evaluations()).as("from prices where demand fits").isEqualTo(1);
        assertThat(warm.feasibleSide().choice()).isEqualTo(end.choice());
    }

    private static DualAscent.Result solve(DualAscent solver, Problem cell) {
        return solver.solve(cell.devices(), options(cell), cell.ingressBps());
    }

    private static List<List<SplitOption>> options(Problem cell) {
        return cell.devices().stream().map(Problem.Device::options).toList();
    }

    private static org.assertj.core.data.Percentage withinRelative(double fraction) {
        return org.assertj.core.data.Percentage.withPercentage(100 * fraction);
    }

    /** Bit for bit: the same prices, choices, shares and sums. */
    private static void assertSameResult(DualAscent.Result actual, DualAscent.Result expected) {
        assertThat(actual.lowerBound()).isEqualTo(expected.lowerBound());
        DualAscent.Priced a = actual.feasibleSide();
        DualAscent.Priced e = expected.feasibleSide();
        assertThat(a.bandwidthPrice()).isEqualTo(e.bandwidthPrice());
        assertThat(a.computePrice()).isEqualTo(e.computePrice());
        assertThat(a.dualValue()).isEqualTo(e.dualValue());
        assertThat(a.bandwidthDemand()).isEqualTo(e.bandwidthDemand());
        assertThat(a.computeDemand()).isEqualTo(e.computeDemand());
        assertThat(a.choice()).containsExactly(e.choice());
        assertThat(a.responses()).containsExactly(e.responses());
    }
}
