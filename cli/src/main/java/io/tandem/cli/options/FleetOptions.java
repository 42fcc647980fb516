package io.tandem.cli.options;

import io.tandem.connectors.identity.FleetSecret;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.device.fleet.FleetDownloads;
import io.tandem.device.fleet.FleetSpec;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.online.CellBudget;
import io.tandem.traces.BandwidthTrace;
import io.tandem.traces.TraceReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The emulated fleet: how many devices, for how long, on which traces, of which classes and task
 * kinds.
 */
public final class FleetOptions {

    @Option(
            names = "--devices",
            defaultValue = "20",
            paramLabel = "N",
            description = "Emulated devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(
            names = "--duration",
            defaultValue = "60",
            paramLabel = "SECONDS",
            description = "How long devices capture frames (default ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(
            names = "--traces",
            paramLabel = "DIR",
            description =
                    "Folder of uplink traces, any supported format (default: data/traces of this"
                            + " checkout).")
    Path traces;

    @Option(
            names = "--mix",
            defaultValue = "1:1",
            paramLabel = "A:L",
            description =
                    "Accuracy-sensitive to latency-sensitive devices, as weights (default"
                            + " ${DEFAULT-VALUE}).")
    String mix;

    @Option(
            names = "--classes",
            split = ",",
            paramLabel = "NAMES",
            defaultValue = "mcu,rpi-zero,rpi4",
            description = "Device classes, assigned in turn (default ${DEFAULT-VALUE}).")
    List<String> classes;

    @Option(
            names = "--fps",
            defaultValue = "10",
            paramLabel = "HZ",
            description = "Frames per second per device (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--cells",
            split = ",",
            paramLabel = "CELLS",
            description = {
                "Edge cells the devices join, in turn (default: the edge's default cell): names,"
                        + " or NAME:INGRESS_MBPS:EDGE_GFLOPS entries (the demo's edge then plans"
                        + " each cell on its own budget, e.g. north:10:40,south:10:40)."
            })
    List<String> cells;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "K",
            description = "Seed for trace offsets (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--model-server",
            paramLabel = "URL",
            description =
                    "The edge's repository server (e.g. http://127.0.0.1:8470/models/): devices"
                            + " download the versions they are planned onto and lack from it.")
    URI modelServer;

    @Option(
            names = "--model-cache",
            paramLabel = "DIR",
            description =
                    "Where devices keep downloaded versions, one directory each (default: a"
                            + " temporary directory).")
    Path modelCache;

    @Option(
            names = "--fleet-secret",
            paramLabel = "FILE",
            description =
                    "The fleet secret (DIR/fleet.secret of ./tandem kafka --secure DIR): each"
                        + " device logs in as itself on a SCRAM cluster and signs what it sends.")
    Path fleetSecret;

    /**
     * Where the devices download from, or null when they run only what they are installed with.
     *
     * @param temporary the cache directory to use when {@code --model-cache} is not given (the
     *     caller removes it)
     */
    public FleetDownloads downloads(Supplier<Path> temporary) {
        return modelServer == null ? null : downloadsFrom(modelServer, temporary);
    }

    /** Downloads from {@code server}, into {@code --model-cache} or {@code temporary}. */
    public FleetDownloads downloadsFrom(URI server, Supplier<Path> temporary) {
        Path cache = modelCache != null ? modelCache : temporary.get();
        return new FleetDownloads(server, cache, FleetDownloads.DEFAULT_MAX_VERSIONS);
    }

    /** The {@code --fleet-secret} read, if given. */
    public Optional<FleetSecret> fleetSecret() {
        return Optional.ofNullable(fleetSecret).map(FleetSecret::read);
    }

    public double durationSeconds() {
        return durationSeconds;
    }

    public FleetSpec spec(
            String modelId, String bootstrap, KafkaClientProperties client, TopicCatalogue topics) {
        Path dir = traces != null ? traces : TandemHome.dir().resolve("data/traces");
        List<BandwidthTrace> read = TraceReader.readFolder(dir).traces();
        if (read.isEmpty()) {
            throw new IllegalArgumentException("no readable traces in " + dir);
        }
        return new FleetSpec(
                devices,
                durationSeconds,
                FleetSpec.accuracyShare(mix),
                classes.stream().map(DeviceClass::byName).toList(),
                read,
                fps,
                modelId,
                bootstrap,
                client,
                topics,
                1.0,
                seed,
                cellNames(),
                fleetSecret());
    }

    /** The cells the devices join: each entry's name, read as a budget where it gives one. */
    public List<String> cellNames() {
        if (cells == null || cells.isEmpty()) {
            return List.of(CellBudget.DEFAULT);
        }
        return cells.stream()
                .map(c -> c.contains(":") ? CellBudget.parse(c).name() : c.trim())
                .toList();
    }

    /** The {@code --cells} entries as given, for an edge to plan them (none: the default cell). */
    public List<String> cellEntries() {
        return cells == null ? List.of() : List.copyOf(cells);
    }
}
