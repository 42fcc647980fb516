package io.tandem.kafka.local;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run the local broker.
 *
 * @param host loopback address to bind and advertise
 * @param port client port; 0 picks a free one
 * @param dataDir where to keep logs across runs; empty means a temporary directory removed on close
 * @param secureDir with SASL/SCRAM authentication and ACLs: where the principals' credentials and
 *     client properties files are kept (created on first use, reused after); empty for an open
 *     PLAINTEXT broker
 */
public record LocalKafkaSettings(
        String host, int port, Optional<Path> dataDir, Optional<Path> secureDir) {

    public LocalKafkaSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
    }

    /** An open (PLAINTEXT, no ACLs) broker. */
    public LocalKafkaSettings(String host, int port, Optional<Path> dataDir) {
        this(host, port, dataDir, Optional.empty());
    }

    /** A throwaway broker on a free loopback port, as test suites want. */
    public static LocalKafkaSettings ephemeral() {
        return new LocalKafkaSettings("127.0.0.1", 0, Optional.empty());
    }

    /** As {@link #ephemeral()}, authenticating clients and authorizing them by ACLs. */
    public static LocalKafkaSettings ephemeralSecure(Path secureDir) {
        return new LocalKafkaSettings("127.0.0.1", 0, Optional.empty(), Optional.of(secureDir));
    }

    public boolean secure() {
        return secureDir.isPresent();
    }
}
