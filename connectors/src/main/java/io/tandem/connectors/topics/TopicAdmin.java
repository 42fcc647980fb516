package io.tandem.connectors.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalogue's topics, idempotently: existing topics are kept, and checked for the one
 * property Tandem cannot work without (the plans topic must be compacted).
 */
public final class TopicAdmin {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final short replicationFactor;

    public TopicAdmin(Admin admin, short replicationFactor) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
    }

    /** What {@link #ensureTopics} found or did for one topic. */
    public record TopicStatus(String name, boolean created) {}

    public List<TopicStatus> ensureTopics(TopicCatalogue catalogue) {
        List<NewTopic> wanted =
                Arrays.stream(TandemTopic.values())
                        .map(
                                t ->
                                        new NewTopic(
                                                        catalogue.name(t),
                                                        t.partitions(),
                                                        replicationFactor)
                                                .configs(t.configs(replicationFactor)))
                        .toList();
        CreateTopicsResult result = admin.createTopics(wanted);
        List<TopicStatus> statuses = new ArrayList<>();
        for (NewTopic topic : wanted) {
            statuses.add(new TopicStatus(topic.name(), awaitCreation(result, topic.name())));
        }
        // Only topics that were there before: the ones just created carry the catalogue's configs,
        // and describing them this soon can fail while their metadata propagates.
        verifyCompaction(
                catalogue,
                statuses.stream().filter(st -> !st.created()).map(TopicStatus::name).toList());
        return statuses;
    }

    private boolean awaitCreation(CreateTopicsResult result, String name) {
        try {
            result.values().get(name).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new TopicAdminException(
                    "cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicAdminException(
                    "timed out creating topic " + name + " after " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicAdminException("interrupted while creating topic " + name, e);
        }
    }

    private void verifyCompaction(TopicCatalogue catalogue, List<String> existing) {
        List<ConfigResource> compacted =
                Arrays.stream(TandemTopic.values())
                        .filter(TandemTopic::compacted)
                        .map(catalogue::name)
                        .filter(existing::contains)
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .toList();
        if (compacted.isEmpty()) {
            return;
        }
        try {
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(compacted).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (Map.Entry<ConfigResource, Config> entry : configs.entrySet()) {
                String policy = entry.getValue().get("cleanup.policy").value();
                if (!Set.of(policy.split(",")).contains("compact")) {
                    throw new TopicAdminException(
                            "topic "
                                    + entry.getKey().name()
                                    + " exists with cleanup.policy="
                                    + policy
                                    + "; Tandem needs it compacted");
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new TopicAdminException("cannot read topic configs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicAdminException("interrupted while reading topic configs", e);
        }
    }
}
