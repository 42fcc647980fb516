package io.tandem.connectors.identity;

import io.tandem.connectors.kafka.KafkaClientProperties;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a device connects to a SCRAM-secured cluster with: its own principal, named after the
 * device, and the password the fleet secret gives it. A device's Kafka login and its signing key
 * come from one enrolment, so holding one device's credentials lets a client neither log in as
 * another device nor sign for it.
 */
public final class DeviceCredentials {

    private static final String MECHANISM = "sasl.mechanism";
    private static final String JAAS = "sasl.jaas.config";

    private DeviceCredentials() {}

    /**
     * {@code base} (TLS trust, mechanism) with the login of device {@code deviceId}; {@code base}
     * itself where it does not log in with SCRAM (an open broker: devices only sign).
     */
    public static KafkaClientProperties kafkaClient(
            KafkaClientProperties base, FleetSecret secret, String deviceId) {
        String mechanism = base.values().getOrDefault(MECHANISM, "");
        if (!mechanism.startsWith("SCRAM-")) {
            return base;
        }
        Map<String, String> values = new TreeMap<>(base.values());
        values.put(
                JAAS,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + deviceId
                        + "\" password=\""
                        + secret.kafkaPassword(deviceId)
                        + "\";");
        return new KafkaClientProperties(values);
    }
}
