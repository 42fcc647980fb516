package io.tandem.cli.commands;

import io.tandem.cli.options.LocalBrokerOptions;
import io.tandem.cli.options.NamespaceOption;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.LocalKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
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
        if (brokers > 1) {
            return cluster();
        }
        var out = spec.commandLine().getOut();
        LocalKafkaBroker running =
                LocalKafkaBroker.start(broker.settings(Optional.ofNullable(secureDir)));
        StopSignal stop =
                StopSignal.install(
                        () -> {
                            running.close();
                            System.err.println("tandem kafka: broker stopped");
                        });
        try {
            if (!noTopics) {
                out.println("topics:");
                TopicSetup.ensure(running, namespace.topics(), out);
            }
            out.println("bootstrap: " + running.bootstrapServers());
            out.println(
                    "Kafka broker ready (KRaft, single node, data in "
                            + running.dataDir()
                            + "). Ctrl-C stops it.");
            out.flush();
        } catch (RuntimeException e) {
            stop.stopNow();
            throw e;
        }
        stop.awaitThenStop(Duration.ofSeconds(durationSeconds));
        return 0;
    }

    private int cluster() throws InterruptedException {
        if (secureDir != null) {
            throw new IllegalArgumentException("--secure runs one broker; drop --brokers");
        }
        var out = spec.commandLine().getOut();
        LocalKafkaCluster running =
                LocalKafkaCluster.start(broker.settings(Optional.empty()), brokers);
        StopSignal stop =
                StopSignal.install(
                        () -> {
                            running.close();
                            System.err.println("tandem kafka: cluster stopped");
                        });
        try {
            if (!noTopics) {
                out.println("topics:");
                TopicSetup.ensure(
                        running.bootstrapServers(),
                        KafkaClientProperties.none(),
                        namespace.topics(),
                        running.replicationFactor(),
                        out);
            }
            out.println("bootstrap: " + running.bootstrapServers());
            out.printf(
                    "Kafka cluster ready (KRaft, %d nodes, replication factor %d). Ctrl-C stops"
                            + " it.%n",
                    running.size(), running.replicationFactor());
            out.flush();
        } catch (RuntimeException e) {
            stop.stopNow();
            throw e;
        }
        stop.awaitThenStop(Duration.ofSeconds(durationSeconds));
        return 0;
    }
}
