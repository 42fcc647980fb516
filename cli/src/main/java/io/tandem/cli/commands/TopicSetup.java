package io.tandem.cli.commands;

import io.tandem.connectors.topics.TopicAdmin;
import io.tandem.connectors.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Creates the catalogue's topics on a cluster and reports what it did, one line per topic. */
final class TopicSetup {

    private TopicSetup() {}

    static List<TopicAdmin.TopicStatus> ensure(
            String bootstrap, TopicCatalogue topics, short replicationFactor, PrintWriter out) {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            List<TopicAdmin.TopicStatus> statuses =
                    new TopicAdmin(admin, replicationFactor).ensureTopics(topics);
            statuses.forEach(
                    s -> out.printf("  %-28s %s%n", s.name(), s.created() ? "created" : "exists"));
            return statuses;
        }
    }
}
