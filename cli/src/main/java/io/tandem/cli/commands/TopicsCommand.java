package io.tandem.cli.commands;

import io.tandem.cli.options.KafkaOptions;
import io.tandem.cli.options.NamespaceOption;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicCatalogue;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tandem topics}: Tandem's topic catalogue, and creating it on a cluster. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Lists or creates Tandem's Kafka topics.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
public final class TopicsCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "Creates every topic of the catalogue; existing topics are kept (idempotent).")
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin KafkaOptions kafka;

        @Option(
                names = "--replication-factor",
                paramLabel = "N",
                defaultValue = "1",
                description =
                        "Replicas per partition (default ${DEFAULT-VALUE}; use 3 on a production"
                                + " cluster).")
        short replicationFactor;

        @Override
        public Integer call() {
            TopicSetup.ensure(
                    kafka.bootstrap(),
                    kafka.client(),
                    kafka.topics(),
                    replicationFactor,
                    spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "Prints the catalogue: topic names, record types, partitions and configs (no"
                            + " broker needed).")
    static final class ListTopics implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin NamespaceOption namespace;

        @Override
        public Integer call() {
            TopicCatalogue catalogue = namespace.topics();
            var out = spec.commandLine().getOut();
            out.printf("%-24s %-16s %10s  %s%n", "topic", "value", "partitions", "configs");
            for (TandemTopic topic : TandemTopic.values()) {
                out.printf(
                        "%-24s %-16s %10d  %s%n",
                        catalogue.name(topic),
                        topic.valueType().getSimpleName(),
                        topic.partitions(),
                        new TreeMap<>(topic.configs()));
            }
            return 0;
        }
    }
}
