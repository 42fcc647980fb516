package io.tandem.cli.commands;

import io.tandem.cli.options.LocalBrokerOptions;
import io.tandem.cli.options.NamespaceOption;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.device.fleet.FleetSpec;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.LocalKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tandem kafka}: a real single-node KRaft broker on loopback, until Ctrl-C. */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a local Kafka broker and creates Tandem's topics.",
            "",
            "A real single-node KRaft broker, run in this JVM from the Kafka Maven artifacts, bound"
                    + " to loopback.",
            "Prints the bootstrap address; Ctrl-C stops it cleanly."
        })
public final class KafkaCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin LocalBrokerOptions broker;

    @Mixin NamespaceOption namespace;

    @Option(names = "--no-topics", description = "Do not create Tandem's topics.")
    boolean noTopics;

    @Option(
            names = "--secure",
            paramLabel = "DIR",
            description =
                    "Serve clients over TLS only, authenticate them (SASL/SCRAM-SHA-512) and"
                            + " authorize them by ACLs per role (edge, device, dashboard). DIR"
                            + " keeps a private CA, the broker's keystore, the clients'"
                            + " truststore, the credentials and one client properties file per"
                            + " role (for --kafka-config).")
    Path secureDir;

    @Option(
            names = "--enrol-fleet",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "With --secure: enrol the N devices of a ./tandem fleet (dev-000 ..) as their"
                            + " own principals, with passwords and signing keys derived from"
                            + " DIR/fleet.secret; plans are enforced as their produce quotas"
                            + " (default ${DEFAULT-VALUE}).")
    int enrolFleet;

    @Option(
            names = "--brokers",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Run N KRaft nodes (each broker and controller) as one cluster; Tandem's topics"
                            + " then get replication factor min(N, 3) and min.insync.replicas 2"
                            + " (default 1; with more than 1, PLAINTEXT only).")
    int brokers;

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "Stop after this many seconds; 0 runs until Ctrl-C (default).")
    long durationSeconds;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (brokers > 1) {
            if (secureDir != null) {
                throw new IllegalArgumentException("--secure runs one broker; drop --brokers");
            }
            LocalKafkaCluster cluster =
                    LocalKafkaCluster.start(broker.settings(Optional.empty()), brokers);
            return serve(
                    cluster,
                    "cluster",
                    () -> {
                        if (!noTopics) {
                            out.println("topics:");
                            TopicSetup.ensure(
                                    cluster.bootstrapServers(),
                                    KafkaClientProperties.none(),
                                    namespace.topics(),
                                    cluster.replicationFactor(),
                                    out);
                        }
                        out.println("bootstrap: " + cluster.bootstrapServers());
                        out.printf(
                                "Kafka cluster ready (KRaft, %d nodes, replication factor %d)."
                                        + " Ctrl-C stops it.%n",
                                cluster.size(), cluster.replicationFactor());
                    });
        }
        if (enrolFleet > 0 && secureDir == null) {
            throw new IllegalArgumentException("--enrol-fleet needs --secure DIR");
        }
        LocalKafkaBroker single =
                LocalKafkaBroker.start(broker.settings(Optional.ofNullable(secureDir)));
        List<AutoCloseable> running = new ArrayList<>(List.of(single));
        return serve(
                () -> {
                    for (int i = running.size() - 1; i >= 0; i--) {
                        running.get(i).close(); // the broker last
                    }
                },
                "broker",
                () -> {
                    if (!noTopics) {
                        out.println("topics:");
                        TopicSetup.ensure(single, namespace.topics(), out);
                    }
                    single.credentials()
                            .ifPresent(
                                    c ->
                                            running.add(
                                                    SecuredFleet.start(
                                                            single,
                                                            c,
                                                            namespace.topics(),
                                                            IntStream.range(0, enrolFleet)
                                                                    .mapToObj(FleetSpec::deviceId)
                                                                    .toList(),
                                                            out)));
                    out.println("bootstrap: " + single.bootstrapServers());
                    out.println(
                            "Kafka broker ready (KRaft, single node, data in "
                                    + single.dataDir()
                                    + "). Ctrl-C stops it.");
                });
    }

    /** Runs {@code setup} on what started, then keeps it until Ctrl-C or the duration ends. */
    private int serve(AutoCloseable running, String what, Runnable setup)
            throws InterruptedException {
        StopSignal stop =
                StopSignal.install(
                        () -> {
                            try {
                                running.close();
                            } catch (Exception e) {
                                // stopping anyway
                            }
                            System.err.println("tandem kafka: " + what + " stopped");
                        });
        try {
            setup.run();
            spec.commandLine().getOut().flush();
        } catch (RuntimeException e) {
            stop.stopNow();
            throw e;
        }
        stop.awaitThenStop(Duration.ofSeconds(durationSeconds));
        return 0;
    }
}
