package io.tandem.cli.options;

import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TopicCatalogue;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where Tandem's Kafka is and which topic namespace to use; flags override environment variables.
 */
public final class KafkaOptions {

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            defaultValue = "${env:TANDEM_BOOTSTRAP:-127.0.0.1:9092}",
            description =
                    "Kafka bootstrap servers (env TANDEM_BOOTSTRAP; default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Mixin NamespaceOption namespace;

    @Mixin KafkaConfigOption kafkaConfig;

    public String bootstrap() {
        return bootstrap;
    }

    public KafkaClientProperties client() {
        return kafkaConfig.client();
    }

    public TopicCatalogue topics() {
        return namespace.topics();
    }
}
