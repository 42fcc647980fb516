package io.tandem.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.tandem.connectors.identity.FleetDeviceIds;
import io.tandem.connectors.identity.FleetSecret;
import io.tandem.connectors.topics.ClientRole;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicAcls;
import io.tandem.connectors.topics.TopicCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/kafka: what Strimzi's operators are given is what their model classes read and
 * their CRDs accept, and it is the catalogue and the ACLs the code grants, not a copy of them.
 */
class StrimziManifestsTest {

    private static final StrimziCluster CLUSTER = StrimziCluster.standard();
    private static final TopicCatalogue CATALOGUE = TopicCatalogue.standard();

    private static <T> T as(JsonNode resource, Class<T> type) throws Exception {
        return Manifests.yaml().treeToValue(resource, type);
    }

    @Test
    void theCommittedTopicsAndUsersAreTheGeneratedOnes() throws Exception {
        // However many devices users.yaml was generated for (generate.sh --devices N).
        assertThat(Files.readString(DeployKubernetes.TOPICS))
                .as("kafka/topics.yaml is stale: run deploy/kubernetes/generate.sh")
                .isEqualTo(KubernetesManifests.topics());
        assertThat(Files.readString(DeployKubernetes.USERS))
                .as("kafka/users.yaml is stale: run deploy/kubernetes/generate.sh")
                .isEqualTo(KubernetesManifests.users(DeployKubernetes.enrolledDevices()));
    }

    @Test
    void everyResourceIsValidForItsOperatorsSchema() {
        for (Path file :
                List.of(DeployKubernetes.KAFKA, DeployKubernetes.TOPICS, DeployKubernetes.USERS)) {
            List<JsonNode> resources = Manifests.read(file);
            assertThat(resources).as(file.toString()).isNotEmpty();
            for (JsonNode resource : resources) {
                CrdSchema schema = DeployKubernetes.SCHEMAS.get(resource.path("kind").asText());
                assertThat(schema).as("a CRD for " + resource.path("kind")).isNotNull();
                assertThat(schema.problems(resource))
                        .as(file + " " + resource.path("metadata").path("name"))
                        .isEmpty();
            }
        }
    }

    @Test
    void theTopicsAreTheCatalogueOnThreeReplicas() throws Exception {
        List<JsonNode> resources = Manifests.read(DeployKubernetes.TOPICS);
        assertThat(resources).hasSize(TandemTopic.values().length);
        for (TandemTopic t : TandemTopic.values()) {
            KafkaTopic topic = null;
            for (JsonNode r : resources) {
                KafkaTopic candidate = as(r, KafkaTopic.class);
                if (candidate.getSpec().getTopicName().equals(CATALOGUE.name(t))) {
                    topic = candidate;
                }
            }
            assertThat(topic).as(CATALOGUE.name(t)).isNotNull();
            assertThat(topic.getMetadata().getLabels()).isEqualTo(CLUSTER.label());
            assertThat(topic.getSpec().getPartitions()).isEqualTo(t.partitions());
            assertThat(topic.getSpec().getReplicas()).isEqualTo(3);
            assertThat(topic.getSpec().getConfig())
                    .isEqualTo(Map.copyOf(t.configs(3)))
                    .containsEntry("min.insync.replicas", "2");
            assertThat(topic.getAdditionalProperties()).isEmpty();
        }
    }

    @Test
    void eachRoleAndEachEnrolledDeviceHoldsExactlyItsAcls() throws Exception {
        Map<String, KafkaUser> users =
                Manifests.read(DeployKubernetes.USERS).stream()
                        .map(
                                r -> {
                                    try {
                                        return as(r, KafkaUser.class);
                                    } catch (Exception e) {
                                        throw new AssertionError(e);
                                    }
                                })
                        .collect(Collectors.toMap(u -> u.getMetadata().getName(), u -> u));
        for (ClientRole role : ClientRole.values()) {
            if (role == ClientRole.DEVICE) {
                continue;
            }
            KafkaUser user = users.get(role.principalName());
            assertThat(user).as(role.name()).isNotNull();
            assertThat(user.getSpec().getAuthentication())
                    .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            assertThat(grants(user)).isEqualTo(grants(TopicAcls.of(role, CATALOGUE)));
        }
        List<String> devices = FleetDeviceIds.first(DeployKubernetes.enrolledDevices());
        for (String id : devices) {
            KafkaUser user = users.get(id);
            assertThat(user).as(id).isNotNull();
            var login =
                    (KafkaUserScramSha512ClientAuthentication) user.getSpec().getAuthentication();
            var key = login.getPassword().getValueFrom().getSecretKeyRef();
            assertThat(key.getName()).isEqualTo(StrimziUsers.DEVICE_PASSWORDS_SECRET);
            assertThat(key.getKey()).isEqualTo(id);
            assertThat(grants(user)).isEqualTo(grants(TopicAcls.ofDevice(id, CATALOGUE)));
        }
        assertThat(users).hasSize(ClientRole.values().length - 1 + devices.size());
    }

    @Test
    void theClusterIsKraftWithOneTlsScramListenerAndAcls() throws Exception {
        Kafka kafka = as(DeployKubernetes.only(DeployKubernetes.KAFKA, "Kafka"), Kafka.class);
        assertThat(kafka.getMetadata().getName()).isEqualTo(CLUSTER.name());
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertThat(listeners).hasSize(1);
        GenericKafkaListener tls = listeners.get(0);
        assertThat(tls.isTls()).isTrue();
        assertThat(tls.getPort()).isEqualTo(CLUSTER.tlsPort());
        assertThat(tls.getAuth()).isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
        assertThat(kafka.getSpec().getKafka().getAuthorization())
                .isInstanceOf(KafkaAuthorizationSimple.class);
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertThat(config)
                .containsEntry("default.replication.factor", CLUSTER.replicas())
                .containsEntry("min.insync.replicas", 2)
                .containsEntry("auto.create.topics.enable", false);
        assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).isNotNull();
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).isNotNull();

        KafkaNodePool pool =
                as(
                        DeployKubernetes.only(DeployKubernetes.KAFKA, "KafkaNodePool"),
                        KafkaNodePool.class);
        assertThat(pool.getMetadata().getLabels()).isEqualTo(CLUSTER.label());
        assertThat(pool.getSpec().getRoles())
                .containsExactlyInAnyOrder(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
        assertThat(pool.getSpec().getReplicas()).isGreaterThanOrEqualTo(CLUSTER.replicas());
    }

    @Test
    void theDevicePasswordsAreTheOnesEachDeviceDerives(@TempDir Path dir) throws Exception {
        FleetSecret secret = FleetSecret.in(dir);
        var passwords = DevicePasswords.secret(secret, List.of("dev-000", "dev-001"));
        JsonNode written =
                Manifests.read(write(dir, Manifests.write("test", List.of(passwords)))).get(0);
        var read = as(written, io.fabric8.kubernetes.api.model.Secret.class);
        assertThat(read.getMetadata().getName()).isEqualTo(StrimziUsers.DEVICE_PASSWORDS_SECRET);
        assertThat(read.getStringData())
                .containsOnlyKeys("dev-000", "dev-001")
                .containsEntry("dev-000", secret.kafkaPassword("dev-000"));
        assertThat(secret.kafkaPassword("dev-000")).isNotEqualTo(secret.kafkaPassword("dev-001"));
    }

    private static Path write(Path dir, String text) throws Exception {
        return Files.writeString(dir.resolve("secret.yaml"), text);
    }

    /** Kafka's bindings as (resource type, name, operation), the words Strimzi writes. */
    private static Set<String> grants(List<AclBinding> acls) {
        Set<String> grants = new HashSet<>();
        for (AclBinding b : acls) {
            String type =
                    switch (b.pattern().resourceType()) {
                        case TOPIC -> "topic";
                        case GROUP -> "group";
                        case TRANSACTIONAL_ID -> "transactionalId";
                        case CLUSTER -> "cluster";
                        default -> throw new AssertionError(b);
                    };
            String name = type.equals("cluster") ? "" : b.pattern().name();
            grants.add(type + " " + name + " " + b.entry().operation().name().replace("_", ""));
        }
        return grants;
    }

    private static Set<String> grants(KafkaUser user) {
        Set<String> grants = new HashSet<>();
        for (AclRule rule :
                ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
            var r = rule.getResource();
            String resource;
            if (r instanceof AclRuleTopicResource t) {
                resource = "topic " + t.getName();
            } else if (r instanceof AclRuleGroupResource g) {
                resource = "group " + g.getName();
            } else if (r instanceof AclRuleTransactionalIdResource x) {
                resource = "transactionalId " + x.getName();
            } else if (r instanceof AclRuleClusterResource) {
                resource = "cluster ";
            } else {
                throw new AssertionError(rule);
            }
            assertThat(rule.getHost()).isEqualTo("*");
            rule.getOperations().forEach(op -> grants.add(resource + " " + op.name()));
        }
        return grants;
    }
}
