package io.tandem.cli.commands;

import io.tandem.cli.fleet.EdgeWarmUp;
import io.tandem.cli.fleet.FleetSession;
import io.tandem.cli.fleet.TemporaryDirectory;
import io.tandem.cli.options.FleetOptions;
import io.tandem.cli.options.KafkaOptions;
import io.tandem.cli.options.ModelOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tandem fleet}: emulated devices against a running edge. */
@Command(
        name = "fleet",
        mixinStandardHelpOptions = true,
        description = {
            "Runs N emulated devices in one JVM against a running Tandem edge (./tandem edge, or a"
                    + " cluster).",
            "",
            "Each device runs the head slices of its plan at its class's speed, shapes its uplink"
                    + " to a real trace,",
            "publishes frames and telemetry, follows its plan and scores the answers. Prints a"
                    + " progress line,",
            "then a summary per device class and task kind, also written as JSON."
        })
public final class FleetCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin KafkaOptions kafka;

    @Mixin ModelOptions models;

    @Mixin FleetOptions fleet;

    @Option(
            names = "--out",
            defaultValue = "fleet-summary.json",
            paramLabel = "FILE",
            description = "Where to write the summary (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--warm-up-seconds",
            defaultValue = "0",
            paramLabel = "S",
            description =
                    "First run real frames through the edge for this long, as fast as it answers"
                            + " them, so a just-started edge's path is compiled before the"
                            + " devices' frames arrive (default ${DEFAULT-VALUE}: none; the demo"
                            + " does 8).")
    double warmUpSeconds;

    @Override
    public Integer call() throws Exception {
        List<TemporaryDirectory> caches = new ArrayList<>();
        try {
            if (warmUpSeconds > 0) {
                EdgeWarmUp.Outcome warm =
                        EdgeWarmUp.run(
                                kafka.bootstrap(),
                                kafka.client(),
                                fleet.fleetSecret(),
                                kafka.topics(),
                                models.repository(),
                                models.model(),
                                Duration.ofMillis(Math.round(warmUpSeconds * 1000)));
                spec.commandLine().getOut().println(warm.describe());
                spec.commandLine().getOut().flush();
            }
            FleetSession.run(
                    fleet.spec(models.model(), kafka.bootstrap(), kafka.client(), kafka.topics()),
                    models.repository(),
                    fleet.downloads(
                            () -> {
                                TemporaryDirectory cache =
                                        TemporaryDirectory.create("tandem-model-cache-");
                                caches.add(cache);
                                return cache.path();
                            }),
                    out,
                    spec.commandLine().getOut());
        } finally {
            caches.forEach(TemporaryDirectory::close);
        }
        return 0;
    }
}
