package io.tandem.cli.commands;

import io.tandem.cli.options.TandemHome;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.online.SplitOptionCatalog;
import io.tandem.simulator.CellSizing;
import io.tandem.simulator.Fleet;
import io.tandem.simulator.Planners;
import io.tandem.simulator.ProfileFiles;
import io.tandem.simulator.ReportFiles;
import io.tandem.simulator.SimulatedDevice;
import io.tandem.simulator.Simulation;
import io.tandem.simulator.SimulationConfig;
import io.tandem.simulator.SimulationReport;
import io.tandem.simulator.TrainingServer;
import io.tandem.traces.TraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tandem simulate}: every planner over the same trace-driven cell, in simulated time. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Emulates one edge cell in simulated time and compares planners on it.",
            "",
            "Each device follows a real bandwidth trace, sends periodic frames through its own"
                    + " compute, its uplink and",
            "its edge share; tandem (the edge job's policy) and the baselines see only the"
                    + " telemetry devices publish",
            "and re-solve every window. References: static plans once from long-run means; oracle"
                    + " sees the coming",
            "window's true bandwidth, lookahead the next 5 windows' and the queues;"
                    + " hindsight-static is the best fixed",
            "plan chosen after the run. Ablations: tandem-bare, tandem-no-robust, -no-admission,"
                    + " -no-hysteresis, -with-backlog; drl is the learned planner, tandem-drl it"
                    + " inside Tandem's policy.",
            "Writes report.json, report.md, latency-cdf.png and objective.png to --out."
        })
public final class SimulateCommand implements Callable<Integer> {

    static final List<String> DEFAULT_PLANNERS =
            List.of(
                    "tandem",
                    "device-only",
                    "edge-only",
                    "neurosurgeon",
                    "fixed-version",
                    "edgent",
                    "static",
                    "oracle",
                    "lookahead",
                    "hindsight-static");

    @Spec CommandSpec spec;

    @Option(
            names = "--traces",
            paramLabel = "DIR",
            description =
                    "Folder of traces, any supported format (default: data/traces of this"
                            + " checkout).")
    Path traces;

    @Option(
            names = "--devices",
            defaultValue = "100",
            paramLabel = "N",
            description = "Devices in the cell (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(
            names = "--duration",
            defaultValue = "600",
            paramLabel = "SECONDS",
            description = "Simulated seconds (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(
            names = "--window",
            defaultValue = "1",
            paramLabel = "SECONDS",
            description = "Planning window (default ${DEFAULT-VALUE}).")
    double window;

    @Option(
            names = "--planners",
            split = ",",
            paramLabel = "NAMES",
            description =
                    "Comma-separated planners (default: tandem, every baseline but exact, which"
                        + " only suits a few devices, and the references static, oracle, lookahead,"
                        + " hindsight-static).")
    List<String> planners = DEFAULT_PLANNERS;

    @Option(
            names = "--profile",
            paramLabel = "FILE",
            description =
                    "Model zoo manifest, Scission profile, or model family file"
                        + " (data/profiles/imagenet-family.json) the devices split (default: the"
                        + " bundled fmnist-resnet manifest).")
    Path profile;

    @Option(
            names = "--fps",
            split = ",",
            paramLabel = "RATES",
            description = "Frame rates devices draw from (default: 10,15,20).")
    List<Double> frameRates = List.of(10.0, 15.0, 20.0);

    @Option(
            names = "--deadline-scale",
            defaultValue = "1",
            paramLabel = "F",
            description =
                    "Factor on the default deadlines, 200 ms (accuracy) and 60 ms (latency)"
                            + " (default ${DEFAULT-VALUE}).")
    double deadlineScale;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "K",
            description = "Seed for fleet, trace offsets and arrivals (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where to write the report.")
    Path out;

    @Option(
            names = "--ingress-mbps",
            paramLabel = "X",
            description = "Cell ingress, Mbit/s (default: 2 per device).")
    Double ingressMbps;

    @Option(
            names = "--edge-gflops",
            paramLabel = "X",
            description = "Edge speed on tail slices, GFLOP/s (default: 0.3 per device).")
    Double edgeGflops;

    @Option(
            names = "--accuracy-share",
            defaultValue = "0.5",
            paramLabel = "F",
            description = "Fraction of accuracy-sensitive tasks (default ${DEFAULT-VALUE}).")
    double accuracyShare;

    @Option(
            names = "--classes",
            split = ",",
            paramLabel = "NAMES",
            description = "Device classes, taken in turn: mcu, rpi-zero, rpi4 (default: all).")
    List<String> classes = List.of("mcu", "rpi-zero", "rpi4");

    @Option(
            names = "--codecs",
            split = ",",
            paramLabel = "NAMES",
            description =
                    "Codecs offered (default: float32,int8,int4; bottleneck variants included).")
    List<String> codecs = List.of("float32", "int8", "int4");

    @Option(
            names = "--fixed-version",
            defaultValue = "w50",
            paramLabel = "ID",
            description = "Version for the fixed-version baseline (default ${DEFAULT-VALUE}).")
    String fixedVersion;

    @Option(
            names = "--serve",
            description =
                    "Serve this cell as a training environment for the drl planner instead: one"
                        + " JSON object per line on stdin/stdout (models/training/drl/README.md);"
                        + " each reset names the seed.")
    boolean serve;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        planners.forEach(Planners::check); // unknown names fail before any work
        SimulationConfig config = config(seed);
        TraceReader.Folder folder =
                TraceReader.readFolder(traces != null ? traces : home().resolve("data/traces"));
        SplitOptionCatalog options =
                ProfileFiles.read(
                        profile != null
                                ? profile
                                : home().resolve("models/zoo/fmnist-resnet/manifest.json"),
                        codecs);
        if (serve) {
            int episodes =
                    new TrainingServer(
                                    this::config,
                                    folder.traces(),
                                    options,
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    System.in, StandardCharsets.UTF_8)),
                                    System.out)
                            .serve();
            spec.commandLine().getErr().printf("served %d episodes%n", episodes);
            return 0;
        }
        List<SimulatedDevice> fleet = Fleet.generate(config, folder.traces(), options);
        Simulation simulation =
                new Simulation(config, options, fleet); // refuses what it cannot run
        console.printf(
                "simulating %d devices for %.0f s on %d traces with %s%n",
                devices, duration, folder.traces().size(), planners);
        console.flush();
        SimulationReport report = simulation.run();
        List<Path> written = ReportFiles.write(report, out);
        console.print(ReportFiles.table(report));
        console.printf(
                "%.1f s wall time; wrote %s%n",
                report.wallSeconds(), written.stream().map(Path::toString).toList());
        console.flush();
        return 0;
    }

    private SimulationConfig config(long seed) {
        CellSizing cell = CellSizing.of(devices, ingressMbps, edgeGflops);
        return new SimulationConfig(
                devices,
                duration,
                window,
                seed,
                planners,
                fixedVersion,
                cell.ingressBps(),
                cell.edgeFlops(),
                accuracyShare,
                classes.stream().map(DeviceClass::byName).toList(),
                codecs,
                frameRates,
                deadlineScale);
    }

    private static Path home() {
        Path dir = TandemHome.dir();
        if (!Files.isDirectory(dir.resolve("data/traces"))) {
            throw new IllegalArgumentException(
                    "no data/traces under "
                            + dir.toAbsolutePath()
                            + "; run from the checkout or pass --traces and --profile");
        }
        return dir;
    }
}
