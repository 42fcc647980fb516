package io.tandem.benchmarks;

import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;
import io.tandem.planner.solve.Solver;
import io.tandem.planner.solve.Solvers;
import io.tandem.planner.solve.WarmStart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One re-solve of a cell by a solver (the default, or {@code -p solver=drl}), at 10 to 10,000
 * devices with 54 options each: from scratch ({@code resolve}, no state kept between solves), and
 * incrementally ({@code resolveIncrementally}: the links of the {@value #CHANGED_DEVICES} devices
 * using the most uplink fell to half their share since the last solve, which is the start). Sample
 * mode, so JMH prints the median (p0.50).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g"})
public class ResolveBenchmark {

    @Param({"10", "100", "1000", "10000"})
    public int devices;

    /** {@code tandem}, or {@code drl}: the learned policy through ONNX Runtime. */
    @Param({"tandem"})
    public String solver;

    /** Devices whose link moved between the last solve and the incremental one. */
    static final int CHANGED_DEVICES = 10;

    /** Each of those links falls to this share of the bandwidth its device was given. */
    static final double LINK_MOVE = 0.5;

    private Problem problem;
    private Problem moved;
    private WarmStart lastSolve;
    private Solver solverInstance;

    @Setup
    public void setUp() {
        solverInstance = Solvers.byName(solver, null);
        problem = ZooCells.cell(devices, 42);
        Solution check = solverInstance.solve(problem);
        System.out.printf(
                "%n%s, %d devices: objective %.4f, reported gap %.4f%%%n",
                solver, devices, check.objective(), 100 * check.gap());
        lastSolve = WarmStart.after(check);
        moved = withLinksMoved(problem, check);
        Solution cold = solverInstance.solve(moved);
        Solution warm = solverInstance.solve(moved, lastSolve);
        System.out.printf(
                "%d links moved: objective from scratch %.6f, from the last solve %.6f"
                        + " (%+.4f%%)%n",
                Math.min(CHANGED_DEVICES, devices),
                cold.objective(),
                warm.objective(),
                100 * (warm.objective() / cold.objective() - 1));
    }

    /**
     * The cell with the links of the {@link #CHANGED_DEVICES} devices that use the most uplink in
     * {@code solution} cut to {@link #LINK_MOVE} of the bandwidth they were given: changes the plan
     * must follow (a device-only device's link could move anywhere without changing it).
     */
    private static Problem withLinksMoved(Problem problem, Solution solution) {
        List<Problem.Device> devices = new ArrayList<>(problem.devices());
        List<Integer> byBandwidth = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            byBandwidth.add(i);
        }
        byBandwidth.sort(
                Comparator.comparingDouble(
                        (Integer i) -> -solution.assignments().get(i).bandwidthBps()));
        for (int i : byBandwidth.subList(0, Math.min(CHANGED_DEVICES, devices.size()))) {
            Problem.Device d = devices.get(i);
            DeviceContext c = d.context();
            devices.set(
                    i,
                    new Problem.Device(
                            d.id(),
                            new DeviceContext(
                                    c.frameRateHz(),
                                    solution.assignments().get(i).bandwidthBps() * LINK_MOVE,
                                    c.rttSeconds(),
                                    c.deadlineSeconds(),
                                    c.weights()),
                            d.options()));
        }
        return new Problem(devices, problem.ingressBps());
    }

    @Benchmark
    public Solution resolve() {
        return solverInstance.solve(problem);
    }

    @Benchmark
    public Solution resolveIncrementally() {
        return solverInstance.solve(moved, lastSolve);
    }
}
