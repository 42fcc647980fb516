package io.tandem.kubernetes;

import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.strimzi.api.kafka.model.common.Password;
import io.strimzi.api.kafka.model.common.PasswordSource;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserSpec;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import io.tandem.connectors.topics.ClientRole;
import io.tandem.connectors.topics.TopicAcls;
import io.tandem.connectors.topics.TopicCatalogue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;

/**
 * Strimzi {@code KafkaUser}s, each logging in with SCRAM-SHA-512 and holding exactly the ACLs
 * {@link TopicAcls} grants its role: one per client role, and one per enrolled device whose
 * password comes from the fleet secret (a Secret {@link DevicePasswords} writes).
 */
public final class StrimziUsers {

    /** The Secret holding each enrolled device's Kafka password, under its device id. */
    public static final String DEVICE_PASSWORDS_SECRET = "tandem-device-passwords";

    private StrimziUsers() {}

    /** A user for every client role but the device, which logs in per device. */
    public static List<KafkaUser> ofRoles(TopicCatalogue catalogue, StrimziCluster cluster) {
        List<KafkaUser> users = new ArrayList<>();
        for (ClientRole role : ClientRole.values()) {
            if (role != ClientRole.DEVICE) {
                users.add(
                        user(
                                role.principalName(),
                                cluster,
                                new KafkaUserScramSha512ClientAuthentication(),
                                TopicAcls.of(role, catalogue)));
            }
        }
        return users;
    }

    /** A user per device, its password read from {@link #DEVICE_PASSWORDS_SECRET}. */
    public static List<KafkaUser> ofDevices(
            List<String> deviceIds, TopicCatalogue catalogue, StrimziCluster cluster) {
        return deviceIds.stream()
                .map(
                        id ->
                                user(
                                        id,
                                        cluster,
                                        passwordFromSecret(id),
                                        TopicAcls.ofDevice(id, catalogue)))
                .toList();
    }

    private static KafkaUser user(
            String name,
            StrimziCluster cluster,
            KafkaUserScramSha512ClientAuthentication authentication,
            List<AclBinding> acls) {
        KafkaUser user = new KafkaUser();
        user.setApiVersion(StrimziResources.API_VERSION);
        user.getMetadata().setName(name);
        user.getMetadata().setLabels(cluster.label());
        KafkaUserAuthorizationSimple authorization = new KafkaUserAuthorizationSimple();
        authorization.setAcls(rules(acls));
        KafkaUserSpec spec = new KafkaUserSpec();
        spec.setAuthentication(authentication);
        spec.setAuthorization(authorization);
        user.setSpec(spec);
        return user;
    }

    private static KafkaUserScramSha512ClientAuthentication passwordFromSecret(String deviceId) {
        SecretKeySelector key = new SecretKeySelector();
        key.setName(DEVICE_PASSWORDS_SECRET);
        key.setKey(deviceId);
        PasswordSource source = new PasswordSource();
        source.setSecretKeyRef(key);
        Password password = new Password();
        password.setValueFrom(source);
        KafkaUserScramSha512ClientAuthentication authentication =
                new KafkaUserScramSha512ClientAuthentication();
        authentication.setPassword(password);
        return authentication;
    }

    /** Kafka's ACL bindings as Strimzi rules: one rule per resource with all its operations. */
    static List<AclRule> rules(List<AclBinding> acls) {
        Map<ResourcePattern, List<AclOperation>> byResource = new LinkedHashMap<>();
        for (AclBinding acl : acls) {
            byResource
                    .computeIfAbsent(acl.pattern(), p -> new ArrayList<>())
                    .add(operation(acl.entry().operation()));
        }
        List<AclRule> rules = new ArrayList<>();
        byResource.forEach(
                (pattern, operations) ->
                        rules.add(
                                new AclRule(
                                        AclRuleType.ALLOW,
                                        resource(pattern),
                                        "*",
                                        List.copyOf(operations))));
        return rules;
    }

    private static AclOperation operation(org.apache.kafka.common.acl.AclOperation operation) {
        return AclOperation.valueOf(operation.name().replace("_", ""));
    }

    private static AclRuleResource resource(ResourcePattern pattern) {
        if (pattern.patternType() != PatternType.LITERAL) {
            throw new IllegalArgumentException("only literal ACL patterns are used: " + pattern);
        }
        return switch (pattern.resourceType()) {
            case TOPIC -> {
                AclRuleTopicResource r = new AclRuleTopicResource();
                r.setName(pattern.name());
                r.setPatternType(AclResourcePatternType.LITERAL);
                yield r;
            }
            case GROUP -> {
                AclRuleGroupResource r = new AclRuleGroupResource();
                r.setName(pattern.name());
                r.setPatternType(AclResourcePatternType.LITERAL);
                yield r;
            }
            case TRANSACTIONAL_ID -> {
                AclRuleTransactionalIdResource r = new AclRuleTransactionalIdResource();
                r.setName(pattern.name());
                r.setPatternType(AclResourcePatternType.LITERAL);
                yield r;
            }
            case CLUSTER -> new AclRuleClusterResource();
            default ->
                    throw new IllegalArgumentException(
                            "no Strimzi ACL resource for " + pattern.resourceType());
        };
    }
}
