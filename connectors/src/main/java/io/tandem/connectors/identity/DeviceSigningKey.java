package io.tandem.connectors.identity;

import io.tandem.connectors.topics.TandemTopic;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;
import javax.crypto.Mac;

/**
 * One device's signing key. A signature covers the topic it is written to, the device it speaks for
 * and the value's bytes, so it cannot be moved to another topic, device or value. Replaying a
 * record as it was is not prevented here: telemetry windows and plan epochs only move forward where
 * they are read.
 */
public final class DeviceSigningKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String deviceId;
    private final byte[] key;

    DeviceSigningKey(String deviceId, byte[] key) {
        this.deviceId = deviceId;
        this.key = key.clone();
    }

    public String deviceId() {
        return deviceId;
    }

    /** The signature of {@code value} written to {@code topic} for this device. */
    public byte[] sign(TandemTopic topic, byte[] value) {
        Mac mac = Hmac.mac(key);
        mac.update(topic.suffix().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(deviceId.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(value);
    }

    /** Whether {@code signature} is this device's for {@code value} on {@code topic}. */
    public boolean verifies(TandemTopic topic, byte[] value, byte[] signature) {
        // Constant time: a forger learns nothing from how long a refusal took.
        return signature != null && MessageDigest.isEqual(sign(topic, value), signature);
    }

    /** Writes the key to {@code file} (owner-only), as a device is given it at enrolment. */
    public void writeTo(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("device", deviceId);
        p.setProperty("key", HexFormat.of().formatHex(key));
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "Tandem device signing key");
        }
        try {
            Files.setPosixFilePermissions(
                    file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions protect it.
        }
    }

    /** The key kept in {@code file} by {@link #writeTo}. */
    public static DeviceSigningKey read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the signing key " + file + ": " + e.getMessage(), e);
        }
        String device = p.getProperty("device");
        String hex = p.getProperty("key");
        if (device == null || hex == null) {
            throw new IllegalArgumentException(
                    "the signing key " + file + " names no device or key");
        }
        try {
            return new DeviceSigningKey(device, HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signing key " + file + " is not hex digits", e);
        }
    }
}
