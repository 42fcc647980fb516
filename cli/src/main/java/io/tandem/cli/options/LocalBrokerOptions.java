package io.tandem.cli.options;

import io.tandem.kafka.local.LocalKafkaSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to run the embedded KRaft broker. */
public final class LocalBrokerOptions {

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "${env:TANDEM_KAFKA_PORT:-9092}",
            description =
                    "Client port of the local broker; 0 picks a free one (env TANDEM_KAFKA_PORT;"
                            + " default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Keep the broker's logs in DIR across runs (default: a temporary directory,"
                            + " removed on exit).")
    Path dataDir;

    public LocalKafkaSettings settings() {
        return settings(Optional.empty());
    }

    /** With SASL/SCRAM and ACLs when {@code secureDir} is given. */
    public LocalKafkaSettings settings(Optional<Path> secureDir) {
        return new LocalKafkaSettings("127.0.0.1", port, Optional.ofNullable(dataDir), secureDir);
    }
}
