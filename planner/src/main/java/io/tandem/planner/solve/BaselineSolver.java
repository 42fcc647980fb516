package io.tandem.planner.solve;

import io.tandem.planner.cost.SplitOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The baselines Tandem is measured against, each choosing options by its own rule and sharing
 * resources equally ({@link EqualShares}):
 *
 * <ul>
 *   <li>{@code device-only}: every device runs the whole model itself (best such option by cost);
 *   <li>{@code edge-only}: every device sends its input (partition 0; best such option by cost);
 *   <li>{@code neurosurgeon}: the most accurate version, cut where its latency is lowest;
 *   <li>{@code fixed-version}: one given version for everyone, best split and codec by cost;
 *   <li>{@code edgent}: the most accurate version whose best split meets the deadline, else the
 *       fastest option.
 * </ul>
 */
public final class BaselineSolver implements Solver {

    private final String name;
    private final String fixedVersion;

    private BaselineSolver(String name, String fixedVersion) {
        this.name = name;
        this.fixedVersion = fixedVersion;
    }

    public static BaselineSolver deviceOnly() {
        return new BaselineSolver("device-only", null);
    }

    public static BaselineSolver edgeOnly() {
        return new BaselineSolver("edge-only", null);
    }

    public static BaselineSolver neurosurgeon() {
        return new BaselineSolver("neurosurgeon", null);
    }

    public static BaselineSolver fixedVersion(String version) {
        return new BaselineSolver("fixed-version", version);
    }

    public static BaselineSolver edgent() {
        return new BaselineSolver("edgent", null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Solution solve(Problem problem) {
        long start = System.nanoTime();
        List<SplitOption> chosen = new ArrayList<>();
        for (Problem.Device device : problem.devices()) {
            chosen.add(choose(problem, device));
        }
        return EqualShares.plan(name, problem, chosen, start);
    }

    private SplitOption choose(Problem problem, Problem.Device device) {
        List<SplitOption> options = device.options();
        return switch (name) {
            case "device-only" ->
                    EqualShares.bestUnderEqualShares(
                            problem, device, only(options, SplitOption::deviceOnly), false);
            case "edge-only" ->
                    EqualShares.bestUnderEqualShares(
                            problem, device, only(options, o -> o.partition() == 0), false);
            case "neurosurgeon" -> {
                String version = mostAccurateVersion(options);
                yield EqualShares.bestUnderEqualShares(
                        problem, device, only(options, o -> o.version().equals(version)), true);
            }
            case "fixed-version" -> {
                if (options.stream().noneMatch(o -> o.version().equals(fixedVersion))) {
                    throw new IllegalArgumentException(
                            "fixed-version: device "
                                    + device.id()
                                    + " offers no version '"
                                    + fixedVersion
                                    + "'; it has "
                                    + options.stream()
                                            .map(SplitOption::version)
                                            .distinct()
                                            .toList());
                }
                yield EqualShares.bestUnderEqualShares(
                        problem,
                        device,
                        only(options, o -> o.version().equals(fixedVersion)),
                        false);
            }
            case "edgent" -> edgent(problem, device);
            default -> throw new IllegalStateException(name);
        };
    }

    private static SplitOption edgent(Problem problem, Problem.Device device) {
        List<String> versionsByAccuracy =
                device.options().stream()
                        .sorted(Comparator.comparingDouble(SplitOption::accuracy).reversed())
                        .map(SplitOption::version)
                        .distinct()
                        .toList();
        for (String version : versionsByAccuracy) {
            SplitOption fastest =
                    EqualShares.bestUnderEqualShares(
                            problem,
                            device,
                            only(device.options(), o -> o.version().equals(version)),
                            true);
            double latency =
                    io.tandem.planner.cost.CostModel.latency(
                                    fastest,
                                    device.context(),
                                    Math.min(
                                            problem.ingressBps() / problem.devices().size(),
                                            device.context().uplinkCapacityBps()),
                                    fastest.deviceOnly() ? 0 : 1.0 / problem.devices().size())
                            .total();
            if (latency <= device.context().deadlineSeconds()) {
                return fastest;
            }
        }
        return EqualShares.bestUnderEqualShares(problem, device, device.options(), true);
    }

    private static String mostAccurateVersion(List<SplitOption> options) {
        return options.stream()
                .max(Comparator.comparingDouble(SplitOption::accuracy))
                .orElseThrow()
                .version();
    }

    private static List<SplitOption> only(List<SplitOption> options, Predicate<SplitOption> keep) {
        List<SplitOption> kept = options.stream().filter(keep).toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no split option fits this baseline's rule");
        }
        return kept;
    }
}
