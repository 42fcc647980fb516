package io.tandem.cli.options;

import picocli.CommandLine.Option;

/** Where the embedded edge serves its metrics for Prometheus ({@code edge}, {@code demo}). */
public final class MetricsPortOption {

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "-1",
            description =
                    "Serve the job's metrics for Prometheus on PORT (every interface; Flink's"
                            + " reporter: Tandem's tail and planner metrics, Flink's own;"
                            + " default -1: off).")
    int port;

    /** The port, or -1 (the edge's {@code NO_METRICS}) for none. */
    public int port() {
        return port;
    }
}
