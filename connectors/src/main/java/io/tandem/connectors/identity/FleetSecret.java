package io.tandem.connectors.identity;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The fleet's root secret: every device's credentials (its Kafka password and its signing key) are
 * derived from it and the device's id, so the edge, which holds it, can check any device's
 * signature without a key database, while a device, which holds only its own derived key, cannot
 * sign for another. Kept as 64 hex digits in an owner-only file.
 */
public final class FleetSecret implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The file's name in a secure directory ({@code ./tandem kafka --secure DIR}). */
    public static final String FILE = "fleet.secret";

    private static final int BYTES = 32;

    private final byte[] secret;

    private FleetSecret(byte[] secret) {
        this.secret = secret.clone();
    }

    /** The secret of {@code dir}'s {@value #FILE}, created with random bytes if missing. */
    public static FleetSecret in(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[BYTES];
                new SecureRandom().nextBytes(bytes);
                Files.createDirectories(dir);
                Path temporary = file.resolveSibling(FILE + ".tmp");
                Files.writeString(temporary, HexFormat.of().formatHex(bytes) + "\n");
                try {
                    Files.setPosixFilePermissions(
                            temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system: the directory's own permissions protect it.
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot create the fleet secret " + file + ": " + e.getMessage(), e);
        }
        return read(file);
    }

    /** The secret kept in {@code file}. */
    public static FleetSecret read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the fleet secret " + file + ": " + e.getMessage(), e);
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException(
                    "the fleet secret " + file + " is not " + 2 * BYTES + " hex digits");
        }
        return new FleetSecret(bytes);
    }

    /**
     * The key {@code deviceId} signs its frames and telemetry with, and its plans are signed with.
     */
    public DeviceSigningKey signingKey(String deviceId) {
        return new DeviceSigningKey(deviceId, Hmac.of(secret, "signing-key", deviceId));
    }

    /** The SCRAM password of {@code deviceId}'s own Kafka principal (named after the device). */
    public String kafkaPassword(String deviceId) {
        return HexFormat.of().formatHex(Hmac.of(secret, "kafka-password", deviceId));
    }
}
