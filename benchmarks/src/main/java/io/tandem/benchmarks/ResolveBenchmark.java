package io.tandem.benchmarks;

import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;
import io.tandem.planner.solve.Solver;
import io.tandem.planner.solve.Solvers;
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
 * One re-solve of a cell by a solver (the default, or {@code -p solver=drl}), from scratch (no
 * state kept between solves), at 10 to 10,000 devices with 54 options each. Sample mode, so JMH
 * prints the median (p0.50).
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

    private Problem problem;
    private Solver solverInstance;

    @Setup
    public void setUp() {
        solverInstance = Solvers.byName(solver, null);
        problem = ZooCells.cell(devices, 42);
        Solution check = solverInstance.solve(problem);
        System.out.printf(
                "%n%s, %d devices: objective %.4f, reported gap %.4f%%%n",
                solver, devices, check.objective(), 100 * check.gap());
    }

    @Benchmark
    public Solution resolve() {
        return solverInstance.solve(problem);
    }
}
