package io.tandem.cli.commands;

import io.tandem.cli.dashboard.DashboardFeed;
import io.tandem.cli.dashboard.DashboardServer;
import io.tandem.cli.dashboard.DashboardState;
import io.tandem.cli.fleet.EdgeWarmUp;
import io.tandem.cli.fleet.FleetSession;
import io.tandem.cli.fleet.LocalEdge;
import io.tandem.cli.fleet.TemporaryDirectory;
import io.tandem.cli.models.AnnouncementPublisher;
import io.tandem.cli.options.FleetOptions;
import io.tandem.cli.options.KafkaConfigOption;
import io.tandem.cli.options.LocalBrokerOptions;
import io.tandem.cli.options.MetricsPortOption;
import io.tandem.cli.options.ModelOptions;
import io.tandem.cli.options.NamespaceOption;
import io.tandem.device.DeviceProgress;
import io.tandem.device.fleet.FleetDownloads;
import io.tandem.device.fleet.FleetSpec;
import io.tandem.jobs.EdgeJobConfig;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.models.distribution.ModelAnnouncements;
import io.tandem.models.distribution.RepositoryServer;
import io.tandem.models.repository.RepositorySubset;
import io.tandem.planner.online.CellBudget;
import io.tandem.planner.online.PlannerSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tandem demo}: the whole system on one machine. A KRaft broker, the topics, the edge job
 * on a Flink MiniCluster and a fleet of emulated devices on real traces; a progress line while it
 * runs, a summary per device class and task kind at the end. Everything it started stops with it.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs Tandem on one machine, on embedded defaults:",
            "a local KRaft broker (or --bootstrap), Tandem's topics, the edge job (tail inference"
                    + " and planner) on a",
            "Flink MiniCluster, and a fleet of emulated devices (mixed classes and task kinds,"
                    + " bundled real traces).",
            "Serves a live dashboard on localhost; prints a progress line, then a summary per"
                    + " device class and task kind,",
            "also written as JSON."
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin LocalBrokerOptions broker;

    @Mixin NamespaceOption namespace;

    @Mixin ModelOptions models;

    @Mixin FleetOptions fleet;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting an embedded broker.")
    String bootstrap;

    @Mixin KafkaConfigOption kafkaConfig;

    @Option(
            names = "--secure",
            description =
                    "Run the embedded broker with TLS, SASL/SCRAM authentication and ACLs: the"
                        + " edge, the devices and the dashboard each connect as their own role.")
    boolean secure;

    @Option(
            names = "--solver",
            defaultValue = "tandem",
            paramLabel = "NAME",
            description =
                    "Planner solver: tandem, drl (the learned policy) or a baseline (default"
                            + " ${DEFAULT-VALUE}).")
    String solver;

    // Devices drop repeated answers by frame id, so at-least-once answers are seen once, a
    // checkpoint sooner.
    @Option(
            names = "--delivery",
            defaultValue = "at-least-once",
            paramLabel = "MODE",
            description = {
                "Results delivery (default ${DEFAULT-VALUE}): at-least-once answers at once and"
                        + " devices drop repeats;",
                "exactly-once writes answers in Kafka transactions visible at each checkpoint (the"
                        + " edge job's own default)."
            })
    String delivery;

    @Option(
            names = "--checkpoint-ms",
            defaultValue = "200",
            paramLabel = "MS",
            description =
                    "Checkpoint period; exactly-once results become visible at each (default"
                            + " ${DEFAULT-VALUE}).")
    long checkpointMillis;

    @Mixin MetricsPortOption metrics;

    @Option(
            names = "--warm-up-seconds",
            defaultValue = "8",
            paramLabel = "S",
            description =
                    "Before devices join, run real frames through the edge for this long, as fast"
                            + " as it answers them, so its path is compiled before it carries"
                            + " devices' frames (default ${DEFAULT-VALUE}; 0: none).")
    double warmUpSeconds;

    @Option(
            names = "--device-versions",
            split = ",",
            paramLabel = "ID",
            description =
                    "Install the devices with only these versions: the demo serves its repository"
                            + " over HTTP and devices download the others once planned onto"
                            + " them (default: devices have every version).")
    List<String> deviceVersions;

    @Option(
            names = "--dashboard-port",
            defaultValue = "8080",
            paramLabel = "PORT",
            description =
                    "Serve the live dashboard on 127.0.0.1:PORT (default ${DEFAULT-VALUE}; 0: any"
                            + " free port; -1: none).")
    int dashboardPort;

    @Option(
            names = "--out",
            defaultValue = "demo-summary.json",
            paramLabel = "FILE",
            description = "Where to write the summary (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        var console = spec.commandLine().getOut();
        // Ctrl-C stops from another thread while this one may still be starting things.
        List<AutoCloseable> started = new CopyOnWriteArrayList<>();
        StopSignal stop = StopSignal.install(() -> closeAll(started));
        try {
            if (!fleet.cellEntries().isEmpty()) {
                CellBudget.parseAll(fleet.cellEntries()); // refused before anything starts
            }
            if (secure && bootstrap != null) {
                throw new IllegalArgumentException(
                        "--secure starts its own secured broker; for a secured cluster of your own"
                                + " give --bootstrap with --kafka-config");
            }
            Optional<Path> secureDir =
                    secure ? Optional.of(temporaryDirectory(started)) : Optional.empty();
            LocalKafkaBroker embedded =
                    bootstrap == null ? LocalKafkaBroker.start(broker.settings(secureDir)) : null;
            if (embedded != null) {
                started.add(0, embedded);
            }
            String servers = embedded == null ? bootstrap : embedded.bootstrapServers();
            console.println(
                    "Kafka: "
                            + servers
                            + (embedded == null
                                    ? " (external)"
                                    : " (embedded KRaft broker"
                                            + (secure ? ", TLS + SASL/SCRAM + ACLs)" : ")")));
            DemoClients clients;
            if (embedded != null) {
                TopicSetup.ensure(embedded, namespace.topics(), console);
                clients = DemoClients.of(embedded);
            } else {
                TopicSetup.ensure(
                        servers, kafkaConfig.client(), namespace.topics(), (short) 1, console);
                clients = DemoClients.external(kafkaConfig.file());
            }
            FleetSpec devices =
                    fleet.spec(models.model(), servers, clients.device(), namespace.topics());
            Optional<SecuredFleet> secured = Optional.empty();
            if (embedded != null && embedded.credentials().isPresent()) {
                // Each device its own principal and signing key; plans enforced by the broker.
                SecuredFleet s =
                        SecuredFleet.start(
                                embedded,
                                embedded.credentials().get(),
                                namespace.topics(),
                                devices.deviceIds(),
                                console);
                started.add(0, s);
                devices = devices.enrolledUnder(s.secret());
                secured = Optional.of(s);
            }

            EdgeJobConfig config =
                    LocalEdge.config(List.of(), System.getenv(), models.repository().toString())
                            .with(EdgeJobConfig.BOOTSTRAP, servers)
                            .with(EdgeJobConfig.KAFKA_CONFIG, clients.edgeConfigFile())
                            .with(EdgeJobConfig.NAMESPACE, namespace.topics().namespace())
                            .with(EdgeJobConfig.MODELS, models.repository().toString())
                            .with(EdgeJobConfig.MODEL, models.model())
                            .with(PlannerSettings.SOLVER, solver)
                            .with(EdgeJobConfig.DELIVERY, EdgeJobConfig.DELIVERY.parse(delivery))
                            .with(EdgeJobConfig.CHECKPOINT_MS, checkpointMillis)
                            .with(
                                    EdgeJobConfig.FLEET_SECRET,
                                    secured.map(s -> s.secretFile().toString()).orElse(""));
            if (!fleet.cellEntries().isEmpty()) {
                // The devices' cells are the edge's: each planned on the budget given with it.
                config = config.with(PlannerSettings.CELLS, fleet.cellEntries());
            }
            started.add(0, LocalEdge.start(config, metrics.port()));
            if (metrics.port() >= 0) {
                console.println(
                        "metrics for Prometheus: http://127.0.0.1:" + metrics.port() + "/metrics");
            }
            console.printf(
                    "edge job running on a Flink MiniCluster (solver %s, results %s, checkpoints"
                            + " every %d ms)%n",
                    solver, delivery, checkpointMillis);
            console.flush();
            if (warmUpSeconds > 0) {
                EdgeWarmUp.Outcome warm =
                        EdgeWarmUp.run(
                                servers,
                                clients.device(),
                                secured.map(SecuredFleet::secret),
                                namespace.topics(),
                                models.repository(),
                                models.model(),
                                Duration.ofMillis(Math.round(warmUpSeconds * 1000)));
                console.println(warm.describe());
            }
            console.flush();

            DashboardState dashboard = new DashboardState();
            // Fed even without the web page: the run's edge utilization is part of the summary.
            started.add(
                    0,
                    new DashboardFeed(servers, clients.dashboard(), namespace.topics(), dashboard));
            if (dashboardPort >= 0) {
                DashboardServer server = DashboardServer.start(dashboardPort, dashboard);
                started.add(0, server);
                console.println("dashboard: " + server.url());
            }
            Path deviceRepository = models.repository();
            FleetDownloads downloads = null;
            if (deviceVersions != null && !deviceVersions.isEmpty()) {
                Path installed = temporaryDirectory(started);
                RepositorySubset.add(
                        models.repository(), models.model(), deviceVersions, installed);
                deviceRepository = installed;
                RepositoryServer server =
                        RepositoryServer.start(models.repository(), "127.0.0.1", 0);
                started.add(0, server);
                downloads = fleet.downloadsFrom(server.uri(), () -> temporaryDirectory(started));
                // Devices download only what is announced: publish every version served.
                try (AnnouncementPublisher publisher =
                        new AnnouncementPublisher(
                                servers, clients.publisher(), namespace.topics())) {
                    for (var v : RepositorySubset.versions(models.repository(), models.model())) {
                        publisher.publish(
                                ModelAnnouncements.published(
                                        models.repository().resolve(models.model()),
                                        v,
                                        Clock.systemUTC()));
                    }
                }
                console.println(
                        "model server: "
                                + server.uri()
                                + " (devices installed with "
                                + String.join(",", deviceVersions)
                                + ")");
            }
            FleetSession.run(
                    devices,
                    deviceRepository,
                    downloads,
                    out,
                    console,
                    progress ->
                            dashboard.onAccuracy(System.currentTimeMillis(), accuracy(progress)));
            DashboardState.EdgeUtilization load = dashboard.edgeUtilization();
            console.printf(
                    "edge tail utilization: mean %.1f%%, peak %.1f%% over %d load windows%n",
                    100 * load.mean(), 100 * load.peak(), load.windows());
        } finally {
            stop.stopNow();
        }
        console.println("demo stopped; nothing left running.");
        return 0;
    }

    private static double accuracy(List<DeviceProgress> progress) {
        long answered = progress.stream().mapToLong(DeviceProgress::answered).sum();
        long correct = progress.stream().mapToLong(DeviceProgress::correct).sum();
        return answered == 0 ? Double.NaN : (double) correct / answered;
    }

    /** A directory removed, with what it holds, when the demo stops (after the broker). */
    private static Path temporaryDirectory(List<AutoCloseable> started) {
        TemporaryDirectory dir = TemporaryDirectory.create("tandem-demo-");
        started.add(dir);
        return dir.path();
    }

    /** Newest first: the dashboard, then the edge, then the broker they talk to. */
    private static void closeAll(List<AutoCloseable> started) {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
    }
}
