package io.tandem.cli;

import io.tandem.cli.commands.BenchPathCommand;
import io.tandem.cli.commands.DemoCommand;
import io.tandem.cli.commands.EdgeCommand;
import io.tandem.cli.commands.FleetCommand;
import io.tandem.cli.commands.KafkaCommand;
import io.tandem.cli.commands.ModelsCommand;
import io.tandem.cli.commands.PlanCommand;
import io.tandem.cli.commands.SchemasCommand;
import io.tandem.cli.commands.SimulateCommand;
import io.tandem.cli.commands.SplitCommand;
import io.tandem.cli.commands.TopicsCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./tandem}: one command per subsystem, picocli for parsing and help. */
@Command(
        name = "tandem",
        mixinStandardHelpOptions = true,
        versionProvider = TandemVersion.class,
        description =
                "Collaborative (split) DNN inference between devices and an edge, on Flink and"
                        + " Kafka.",
        subcommands = {
            DemoCommand.class,
            EdgeCommand.class,
            FleetCommand.class,
            KafkaCommand.class,
            TopicsCommand.class,
            SchemasCommand.class,
            ModelsCommand.class,
            SplitCommand.class,
            PlanCommand.class,
            SimulateCommand.class,
            BenchPathCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TandemCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(
                run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code. Used by main and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli =
                new CommandLine(new TandemCli())
                        .setOut(out)
                        .setErr(err)
                        .setParameterExceptionHandler(OneLineErrors::onBadParameters)
                        .setExecutionExceptionHandler(OneLineErrors::onFailure);
        List<String> footer =
                new ArrayList<>(
                        List.of("", "Job settings (flag VALUE, or the environment variable):"));
        footer.addAll(EdgeCommand.jobSettings());
        cli.getSubcommands()
                .get("edge")
                .getCommandSpec()
                .usageMessage()
                .footer(footer.toArray(String[]::new));
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        // No subcommand: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
