package io.tandem.connectors.identity;

import io.tandem.connectors.topics.TandemTopic;
import java.io.Serializable;
import org.apache.kafka.common.header.Headers;

/**
 * Signs records the edge writes for a device (its plans) with that device's key, which the edge
 * derives from the fleet secret; the device checks them with its own copy.
 */
public final class RecordSigner implements Serializable {

    private static final long serialVersionUID = 1L;

    private final FleetSecret secret;
    private final TandemTopic topic;

    public RecordSigner(FleetSecret secret, TandemTopic topic) {
        this.secret = secret;
        this.topic = topic;
    }

    /** Attaches {@code deviceId}'s signature of {@code value} to {@code headers}. */
    public void sign(String deviceId, byte[] value, Headers headers) {
        if (deviceId == null) {
            throw new IllegalArgumentException("a signed record must be keyed by its device");
        }
        RecordSignature.attach(headers, secret.signingKey(deviceId), topic, value);
    }
}
