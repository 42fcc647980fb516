package io.tandem.cli.commands;

import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.ClientRole;
import io.tandem.kafka.local.LocalKafkaBroker;
import java.nio.file.Path;

/**
 * How the demo's three kinds of client reach Kafka: on a secured embedded broker each as its own
 * role (the edge job through its properties file, which it reads where the job is built); on an
 * external cluster all with the one {@code --kafka-config} file; on an open broker with nothing.
 *
 * @param edgeConfigFile the edge job's {@code kafka-config} setting ("" for none)
 * @param publisher what announces the repository's versions on the models topic
 */
record DemoClients(
        String edgeConfigFile,
        KafkaClientProperties device,
        KafkaClientProperties dashboard,
        KafkaClientProperties publisher) {

    static DemoClients of(LocalKafkaBroker broker) {
        return broker.credentials()
                .map(
                        c ->
                                new DemoClients(
                                        c.clientConfig(ClientRole.EDGE.principalName()).toString(),
                                        KafkaClientProperties.read(
                                                c.clientConfig(ClientRole.DEVICE.principalName())),
                                        KafkaClientProperties.read(
                                                c.clientConfig(
                                                        ClientRole.DASHBOARD.principalName())),
                                        KafkaClientProperties.read(
                                                c.clientConfig(
                                                        ClientRole.PUBLISHER.principalName()))))
                .orElseGet(
                        () ->
                                new DemoClients(
                                        "",
                                        KafkaClientProperties.none(),
                                        KafkaClientProperties.none(),
                                        KafkaClientProperties.none()));
    }

    static DemoClients external(Path kafkaConfig) {
        if (kafkaConfig == null) {
            return new DemoClients(
                    "",
                    KafkaClientProperties.none(),
                    KafkaClientProperties.none(),
                    KafkaClientProperties.none());
        }
        KafkaClientProperties all = KafkaClientProperties.read(kafkaConfig);
        return new DemoClients(kafkaConfig.toString(), all, all, all);
    }
}
