package io.tandem.connectors.identity;

import io.tandem.connectors.topics.ClientRole;
import io.tandem.connectors.topics.TopicAcls;
import io.tandem.connectors.topics.TopicAdminException;
import io.tandem.connectors.topics.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;

/**
 * Enrols devices on a SCRAM-secured cluster: each becomes its own principal, named after the
 * device, with the password the fleet secret gives it and the device role's ACLs, so the broker can
 * throttle it alone ({@code PlanQuotaKeeper}) and no device can log in as another. Enrolling again
 * is harmless (the same password, the same ACLs).
 */
public final class DeviceEnrolment {

    /** SCRAM-SHA-512's least iteration count Kafka accepts. */
    private static final int ITERATIONS = 4096;

    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(30);

    private DeviceEnrolment() {}

    /** Enrols {@code deviceIds}; returns once the broker accepts their logins and ACLs. */
    public static void enrol(
            Admin admin, FleetSecret secret, TopicCatalogue topics, Collection<String> deviceIds) {
        List<UserScramCredentialAlteration> logins = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        for (String id : deviceIds) {
            refuseRoleName(id);
            logins.add(
                    new UserScramCredentialUpsertion(
                            id,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS),
                            secret.kafkaPassword(id)));
            acls.addAll(TopicAcls.ofDevice(id, topics));
        }
        try {
            admin.alterUserScramCredentials(logins).all().get();
            awaitLogins(admin, List.copyOf(deviceIds));
        } catch (ExecutionException e) {
            throw new TopicAdminException(
                    "cannot enrol devices: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicAdminException("interrupted while enrolling devices", e);
        }
        TopicAcls.grant(admin, acls);
    }

    private static void refuseRoleName(String id) {
        boolean taken =
                "admin".equals(id)
                        || Arrays.stream(ClientRole.values())
                                .anyMatch(r -> r.principalName().equals(id));
        if (taken || id.isBlank()) {
            throw new IllegalArgumentException(
                    "a device cannot be enrolled as \"" + id + "\": the name of a role");
        }
    }

    private static void awaitLogins(Admin admin, List<String> ids)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + APPLIED_WITHIN.toNanos();
        while (true) {
            try {
                admin.describeUserScramCredentials(ids).all().get();
                return;
            } catch (ExecutionException e) {
                // Not every credential is visible yet: the controller commits before brokers see
                // it.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
    }
}
