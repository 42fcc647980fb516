package io.tandem.cli.options;

import io.tandem.connectors.topics.TopicCatalogue;
import picocli.CommandLine.Option;

/** The topic namespace: topics are NAME.features, NAME.plans, ... */
public final class NamespaceOption {

    @Option(
            names = "--namespace",
            paramLabel = "NAME",
            defaultValue = "${env:TANDEM_NAMESPACE:-" + TopicCatalogue.DEFAULT_NAMESPACE + "}",
            description =
                    "Topic namespace: topics are NAME.features, NAME.plans, ... (env"
                            + " TANDEM_NAMESPACE; default ${DEFAULT-VALUE}).")
    String namespace;

    public TopicCatalogue topics() {
        return new TopicCatalogue(namespace);
    }
}
