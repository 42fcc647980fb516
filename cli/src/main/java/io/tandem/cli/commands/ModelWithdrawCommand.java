package io.tandem.cli.commands;

import io.tandem.cli.models.AnnouncementPublisher;
import io.tandem.cli.options.KafkaOptions;
import io.tandem.cli.options.ModelOptions;
import io.tandem.models.distribution.ModelAnnouncements;
import io.tandem.schema.ModelAnnouncement;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tandem models withdraw}: takes a version out of a deployment. The planner moves the
 * devices still on it to other versions within a tick and plans nothing new on it; its files stay
 * in the repository, so frames already sent under it are still answered.
 */
@Command(
        name = "withdraw",
        description =
                "Announces a version as withdrawn: the edge re-plans the devices on it onto other"
                        + " versions and plans it no more. Its files stay in the repository.")
public final class ModelWithdrawCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Mixin ModelOptions models;

    @Mixin KafkaOptions kafka;

    @Option(names = "--version", required = true, paramLabel = "ID", description = "The version.")
    String version;

    @Override
    public Integer call() {
        ModelAnnouncement a =
                ModelAnnouncements.withdrawn(models.model(), version, Clock.systemUTC());
        try (AnnouncementPublisher publisher =
                new AnnouncementPublisher(kafka.bootstrap(), kafka.client(), kafka.topics())) {
            publisher.publish(a);
            spec.commandLine()
                    .getOut()
                    .printf("withdrew %s on %s%n", ModelAnnouncements.key(a), publisher.topic());
        }
        return 0;
    }
}
