package io.tandem.cli.commands;

import io.tandem.cli.planning.ProblemFile;
import io.tandem.planner.solve.Assignment;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;
import io.tandem.planner.solve.Solvers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tandem plan}: solves one multi-device instance and prints the plan per device. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Plans one edge cell: version, partition, codec and bandwidth and compute shares per"
                    + " device.",
            "",
            "The problem file format is in docs/planner.md; an example is"
                    + " data/problems/cell-8.json."
        })
public final class PlanCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--problem",
            required = true,
            paramLabel = "FILE",
            description = "Problem file (JSON).")
    Path problem;

    @Option(
            names = "--solver",
            defaultValue = "tandem",
            paramLabel = "NAME",
            description =
                    "tandem (default), exact, device-only, edge-only, neurosurgeon, fixed-version,"
                            + " edgent, drl (the learned policy).")
    String solver;

    @Option(
            names = "--fixed-version",
            defaultValue = "w50",
            paramLabel = "ID",
            description = "Version for the fixed-version baseline (default ${DEFAULT-VALUE}).")
    String fixedVersion;

    @Override
    public Integer call() {
        Problem instance = ProblemFile.read(problem).toProblem(problem);
        Solution solution = Solvers.byName(solver, fixedVersion).solve(instance);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "%-12s %-7s %3s %-14s %10s %8s %10s %9s %8s%n",
                "device",
                "version",
                "p",
                "codec",
                "Mbit/s",
                "compute",
                "latency",
                "deadline",
                "accuracy");
        for (int i = 0; i < solution.assignments().size(); i++) {
            Assignment a = solution.assignments().get(i);
            Problem.Device d = instance.devices().get(i);
            out.printf(
                    Locale.ROOT,
                    "%-12s %-7s %3d %-14s %10.3f %7.1f%% %8.1f ms %6.0f ms %7.2f%%%n",
                    a.deviceId(),
                    a.option().version(),
                    a.option().partition(),
                    a.option().codec(),
                    a.bandwidthBps() / 1e6,
                    100 * a.computeShare(),
                    1000 * a.latency().total(),
                    1000 * d.context().deadlineSeconds(),
                    100 * a.option().accuracy());
        }
        out.printf(
                Locale.ROOT,
                "solver %s: objective %.6f, gap bound %s, solved in %.1f ms%n",
                solution.solver(),
                solution.objective(),
                Double.isNaN(solution.gap())
                        ? "none"
                        : String.format(Locale.ROOT, "%.4f%%", 100 * solution.gap()),
                solution.solveNanos() / 1e6);
        return 0;
    }
}
