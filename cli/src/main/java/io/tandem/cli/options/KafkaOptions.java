package io.tandem.cli.options;

import io.tandem.connectors.topics.TopicCatalogue;
import picocli.CommandLine.Option;

/** Where Tandem's Kafka is and which topic namespace to use; flags override environment variables. */
public final class KafkaOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            defaultValue = "${env:TANDEM_BOOTSTRAP:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env TANDEM_BOOTSTRAP; default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--namespace", paramLabel = "NAME",
            defaultValue = "${env:TANDEM_NAMESPACE:-" + TopicCatalogue.DEFAULT_NAMESPACE + "}",
            description = "Topic namespace: topics are NAME.features, NAME.plans, ... (env TANDEM_NAMESPACE; default ${DEFAULT-VALUE}).")
    String namespace;

    public String bootstrap() {
        return bootstrap;
    }

    public TopicCatalogue topics() {
        return new TopicCatalogue(namespace);
    }
}
