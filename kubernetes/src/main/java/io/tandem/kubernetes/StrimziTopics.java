package io.tandem.kubernetes;

import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicSpec;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicCatalogue;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/** Strimzi {@code KafkaTopic}s for the topic catalogue: the topics {@code TopicAdmin} creates. */
public final class StrimziTopics {

    private StrimziTopics() {}

    public static List<KafkaTopic> of(TopicCatalogue catalogue, StrimziCluster cluster) {
        return Arrays.stream(TandemTopic.values()).map(t -> of(t, catalogue, cluster)).toList();
    }

    private static KafkaTopic of(
            TandemTopic topic, TopicCatalogue catalogue, StrimziCluster cluster) {
        KafkaTopic resource = new KafkaTopic();
        resource.setApiVersion(StrimziResources.API_VERSION);
        // Kubernetes names allow no upper case or underscores; the topic keeps its own name.
        resource.getMetadata().setName(StrimziResources.resourceName(catalogue.name(topic)));
        resource.getMetadata().setLabels(cluster.label());
        KafkaTopicSpec spec = new KafkaTopicSpec();
        spec.setTopicName(catalogue.name(topic));
        spec.setPartitions(topic.partitions());
        spec.setReplicas(cluster.replicas());
        spec.setConfig(new TreeMap<String, Object>(topic.configs(cluster.replicas())));
        resource.setSpec(spec);
        return resource;
    }
}
