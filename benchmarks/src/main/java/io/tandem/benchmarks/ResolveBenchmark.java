package io.tandem.benchmarks;

import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;
import io.tandem.planner.solve.TandemSolver;
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
 * One re-solve of a cell by the default solver, from scratch (no state kept between solves), at 10
 * to 10,000 devices with 54 options each. Sample mode, so JMH prints the median (p0.50).
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

    private Problem problem;
    private final TandemSolver solver = new TandemSolver();

    @Setup
    public void setUp() {
        problem = ZooCells.cell(devices, 42);
        Solution check = solver.solve(problem);
        System.out.printf(
                "%n%d devices: objective %.4f, reported gap %.4f%%%n",
                devices, check.objective(), 100 * check.gap());
    }

    @Benchmark
    public Solution resolve() {
        return solver.solve(problem);
    }
}
