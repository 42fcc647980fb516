package io.tandem.connectors.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs that give each {@link ClientRole} exactly its topics of one namespace: READ (and
 * DESCRIBE) on what it reads, WRITE (and DESCRIBE) on what it writes; for the edge job also its
 * consumer groups and transactional ids. Devices read their own partition without a group.
 */
public final class TopicAcls {

    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(30);

    private TopicAcls() {}

    public static List<AclBinding> of(ClientRole role, TopicCatalogue topics) {
        return of(role, role.principal(), topics);
    }

    /**
     * A device enrolled as its own principal ({@code User:<deviceId>}) gets what the device role
     * gets.
     */
    public static List<AclBinding> ofDevice(String deviceId, TopicCatalogue topics) {
        return of(ClientRole.DEVICE, "User:" + deviceId, topics);
    }

    private static List<AclBinding> of(ClientRole role, String principal, TopicCatalogue topics) {
        List<AclBinding> acls = new ArrayList<>();
        for (TandemTopic t : TandemTopic.values()) {
            boolean reads = role.reads().contains(t);
            boolean writes = role.writes().contains(t);
            if (reads || writes) {
                acls.add(
                        allow(
                                principal,
                                ResourceType.TOPIC,
                                topics.name(t),
                                AclOperation.DESCRIBE));
            }
            if (reads) {
                acls.add(allow(principal, ResourceType.TOPIC, topics.name(t), AclOperation.READ));
            }
            if (writes) {
                acls.add(allow(principal, ResourceType.TOPIC, topics.name(t), AclOperation.WRITE));
            }
        }
        if (role.transactional()) {
            acls.add(allow(principal, ResourceType.GROUP, "*", AclOperation.READ));
            acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, "*", AclOperation.WRITE));
            acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, "*", AclOperation.DESCRIBE));
            acls.add(
                    allow(
                            principal,
                            ResourceType.CLUSTER,
                            "kafka-cluster",
                            AclOperation.IDEMPOTENT_WRITE));
        }
        return acls;
    }

    /**
     * Creates every role's ACLs for the namespace (creating an existing ACL is a no-op) and returns
     * once the broker enforces them: the controller commits ACLs before brokers apply them, and a
     * client connecting in between would be refused.
     */
    public static void grantAll(Admin admin, TopicCatalogue topics) {
        List<AclBinding> acls = new ArrayList<>();
        for (ClientRole role : ClientRole.values()) {
            acls.addAll(of(role, topics));
        }
        grant(admin, acls);
    }

    /** Creates {@code acls} and returns once the broker enforces them. */
    public static void grant(Admin admin, List<AclBinding> acls) {
        try {
            admin.createAcls(acls).all().get();
            long deadline = System.nanoTime() + APPLIED_WITHIN.toNanos();
            while (!admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(acls)) {
                if (System.nanoTime() > deadline) {
                    throw new TopicAdminException(
                            "the broker did not apply the ACLs within "
                                    + APPLIED_WITHIN.toSeconds()
                                    + " s");
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException e) {
            throw new TopicAdminException(
                    "cannot create ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicAdminException("interrupted while creating ACLs", e);
        }
    }

    private static AclBinding allow(
            String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
