package io.tandem.cli.commands;

import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.ClientRole;
import io.tandem.connectors.topics.TopicAcls;
import io.tandem.connectors.topics.TopicAdmin;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.kafka.local.LocalKafkaBroker;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Creates the catalogue's topics on a cluster and reports what it did, one line per topic. */
final class TopicSetup {

    private TopicSetup() {}

    /**
     * Topics on a local broker; on a secured one also every role's ACLs, and where each role's
     * client properties are.
     */
    static void ensure(LocalKafkaBroker broker, TopicCatalogue topics, PrintWriter out) {
        KafkaClientProperties admin = KafkaClientProperties.of(broker.adminClientProperties());
        try (Admin client = Admin.create(properties(broker.bootstrapServers(), admin))) {
            ensure(client, topics, (short) 1, out);
            broker.credentials()
                    .ifPresent(
                            credentials -> {
                                TopicAcls.grantAll(client, topics);
                                out.println(
                                        "ACLs granted; client properties (--kafka-config) per"
                                                + " role:");
                                for (ClientRole role : ClientRole.values()) {
                                    out.printf(
                                            "  %-10s %s%n",
                                            role.principalName(),
                                            credentials.clientConfig(role.principalName()));
                                }
                            });
        }
    }

    static List<TopicAdmin.TopicStatus> ensure(
            String bootstrap,
            KafkaClientProperties client,
            TopicCatalogue topics,
            short replicationFactor,
            PrintWriter out) {
        try (Admin admin = Admin.create(properties(bootstrap, client))) {
            return ensure(admin, topics, replicationFactor, out);
        }
    }

    private static List<TopicAdmin.TopicStatus> ensure(
            Admin admin, TopicCatalogue topics, short replicationFactor, PrintWriter out) {
        List<TopicAdmin.TopicStatus> statuses =
                new TopicAdmin(admin, replicationFactor).ensureTopics(topics);
        statuses.forEach(
                s -> out.printf("  %-28s %s%n", s.name(), s.created() ? "created" : "exists"));
        return statuses;
    }

    private static Properties properties(String bootstrap, KafkaClientProperties client) {
        Properties props = client.asProperties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }
}
