package io.tandem.cli.commands;

import io.tandem.cli.models.AnnouncementPublisher;
import io.tandem.cli.options.VersionOptions;
import io.tandem.models.distribution.ModelAnnouncements;
import io.tandem.schema.ModelAnnouncement;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Mixin VersionOptions target;

    @Override
    public Integer call() {
        ModelAnnouncement a =
                ModelAnnouncements.withdrawn(
                        target.models().model(), target.version(), Clock.systemUTC());
        try (AnnouncementPublisher publisher =
                new AnnouncementPublisher(
                        target.kafka().bootstrap(),
                        target.kafka().client(),
                        target.kafka().topics())) {
            publisher.publish(a);
            spec.commandLine()
                    .getOut()
                    .printf("withdrew %s on %s%n", ModelAnnouncements.key(a), publisher.topic());
        }
        return 0;
    }
}
