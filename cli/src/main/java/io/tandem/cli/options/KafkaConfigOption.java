package io.tandem.cli.options;

import io.tandem.connectors.kafka.KafkaClientProperties;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --kafka-config FILE}: Kafka client properties for a secured (or tuned) cluster. */
public final class KafkaConfigOption {

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            defaultValue = "${env:TANDEM_KAFKA_CONFIG}",
            description =
                    "Kafka client properties every client of this command applies, e.g."
                            + " security.protocol, sasl.mechanism, sasl.jaas.config, ssl.* (env"
                            + " TANDEM_KAFKA_CONFIG).")
    Path file;

    public KafkaClientProperties client() {
        return file == null ? KafkaClientProperties.none() : KafkaClientProperties.read(file);
    }

    public Path file() {
        return file;
    }
}
