package io.tandem.cli.commands;

import io.tandem.cli.fleet.LocalEdge;
import io.tandem.cli.options.MetricsPortOption;
import io.tandem.cli.options.TandemHome;
import io.tandem.jobs.EdgeJobConfig;
import io.tandem.models.distribution.RepositoryServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./tandem edge}: the edge job (tail inference and planner) on an embedded Flink
 * MiniCluster.
 */
@Command(
        name = "edge",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the edge job (validation, batched tail inference, planner) on an embedded Flink"
                    + " MiniCluster",
            "against a running Kafka. Every other flag goes to the job (--flag VALUE, or the"
                    + " environment variable):"
        })
public final class EdgeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--run-seconds",
            defaultValue = "0",
            paramLabel = "SECONDS",
            description = "Stop after this long (default 0: until Ctrl-C).")
    long runSeconds;

    @Option(
            names = "--serve-models",
            paramLabel = "HOST:PORT",
            description =
                    "Also serve the job's model repository to devices over HTTP (read-only), as"
                            + " 'models serve' does.")
    String serveModels;

    @Mixin MetricsPortOption metrics;

    @Unmatched List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        EdgeJobConfig config =
                LocalEdge.config(
                        jobArgs,
                        System.getenv(),
                        TandemHome.dir().resolve("models/zoo").toString());
        // The server first: a busy port must not leave a running job behind.
        RepositoryServer server = serveModels == null ? null : serve(config, out);
        LocalEdge edge;
        try {
            edge = LocalEdge.start(config, metrics.port());
        } catch (Exception e) {
            if (server != null) {
                server.close();
            }
            throw e;
        }
        StopSignal stop =
                StopSignal.install(
                        () -> {
                            if (server != null) {
                                server.close();
                            }
                            edge.close();
                        });
        out.printf(
                "edge job running on a MiniCluster: Kafka %s, topics %s.*, solver %s, results %s%n",
                config.bootstrapServers(),
                config.topics().namespace(),
                config.planner().solver(),
                config.resultsGuarantee());
        out.flush();
        stop.awaitThenStop(Duration.ofSeconds(runSeconds));
        out.println("edge job stopped.");
        return 0;
    }

    private RepositoryServer serve(EdgeJobConfig config, PrintWriter out) {
        int colon = serveModels.lastIndexOf(':');
        int port;
        try {
            port = colon <= 0 ? -1 : Integer.parseInt(serveModels.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "--serve-models takes HOST:PORT, e.g. 0.0.0.0:8470; was " + serveModels);
        }
        RepositoryServer server =
                RepositoryServer.start(config.modelRoot(), serveModels.substring(0, colon), port);
        out.println("model repository served at " + server.uri());
        return server;
    }

    /** The job's settings, for --help. */
    public static List<String> jobSettings() {
        return EdgeJobConfig.usage();
    }
}
