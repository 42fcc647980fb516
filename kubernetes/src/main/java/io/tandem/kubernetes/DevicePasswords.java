package io.tandem.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.tandem.connectors.identity.FleetSecret;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Secret the device users' passwords come from: each device's Kafka password as the fleet
 * secret derives it, so the operator creates exactly the login a device computes for itself.
 * Written on demand and applied, never committed.
 */
public final class DevicePasswords {

    private DevicePasswords() {}

    public static Secret secret(FleetSecret fleetSecret, List<String> deviceIds) {
        Map<String, String> passwords = new TreeMap<>();
        deviceIds.forEach(id -> passwords.put(id, fleetSecret.kafkaPassword(id)));
        Secret secret = new Secret();
        secret.setApiVersion("v1");
        secret.setKind("Secret");
        secret.setMetadata(new ObjectMeta());
        secret.getMetadata().setName(StrimziUsers.DEVICE_PASSWORDS_SECRET);
        secret.setType("Opaque");
        secret.setStringData(passwords);
        return secret;
    }
}
