package io.tandem.kafka.local;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run the local broker.
 *
 * @param host loopback address to bind and advertise
 * @param port client port; 0 picks a free one
 * @param dataDir where to keep logs across runs; empty means a temporary directory removed on close
 */
public record LocalKafkaSettings(String host, int port, Optional<Path> dataDir) {

    public LocalKafkaSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
    }

    /** A throwaway broker on a free loopback port, as test suites want. */
    public static LocalKafkaSettings ephemeral() {
        return new LocalKafkaSettings("127.0.0.1", 0, Optional.empty());
    }
}
