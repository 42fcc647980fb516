package io.tandem.cli.commands;

import io.tandem.cli.options.ModelOptions;
import io.tandem.models.distribution.RepositoryServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tandem models serve}: the repository over HTTP, read-only, for devices to download. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Serves the repository's model files read-only over HTTP (GET"
                        + " /models/<model>/<file>; only files a manifest lists) until Ctrl-C."
                        + " Devices check every download against its announced SHA-256.")
public final class ModelServeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions models;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8470",
            description = "Port to listen on, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--seconds",
            defaultValue = "0",
            description = "Stop after this long (0: until Ctrl-C).")
    long seconds;

    @Override
    public Integer call() throws InterruptedException {
        RepositoryServer server = RepositoryServer.start(models.repository(), host, port);
        StopSignal stop = StopSignal.install(server::close);
        spec.commandLine().getOut().printf("serving %s at %s%n", models.repository(), server.uri());
        spec.commandLine().getOut().flush();
        stop.awaitThenStop(Duration.ofSeconds(seconds));
        return 0;
    }
}
