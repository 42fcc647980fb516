package io.tandem.kafka.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft mode (one process acting as broker and controller), run
 * inside the calling JVM from the Kafka Maven artifacts. It formats its own log directory, binds to
 * loopback and is stopped by {@link #close()}.
 *
 * <p>It exists so that the CLI and the test suites run against the same broker code a production
 * cluster runs, with no Docker and no downloaded distribution.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private final LocalKafkaSettings settings;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int brokerPort;
    private final Optional<BrokerCredentials> credentials;
    private LocalNode node;

    private LocalKafkaBroker(
            LocalKafkaSettings settings, Path dataDir, boolean ownsDataDir, int brokerPort) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.brokerPort = brokerPort;
        this.credentials = settings.secureDir().map(d -> BrokerCredentials.in(d, settings.host()));
    }

    /** Formats storage and starts the broker; returns once it accepts connections. */
    public static LocalKafkaBroker start(LocalKafkaSettings settings) {
        // The port first: a taken port must not leave a temporary data directory behind.
        int brokerPort = settings.port() == 0 ? LocalNode.freePort() : settings.port();
        LocalNode.ensurePortFree(brokerPort);
        boolean ownsDataDir = settings.dataDir().isEmpty();
        Path dataDir;
        try {
            dataDir =
                    ownsDataDir
                            ? Files.createTempDirectory("tandem-kafka-")
                            : Files.createDirectories(settings.dataDir().get());
        } catch (IOException e) {
            throw new LocalKafkaException(
                    "cannot create the broker's data directory: " + e.getMessage(), e);
        }
        LocalKafkaBroker broker = new LocalKafkaBroker(settings, dataDir, ownsDataDir, brokerPort);
        try {
            broker.startServer();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** Bootstrap address clients should use, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return settings.host() + ":" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * The principals' credentials when the broker authenticates clients (SASL/SCRAM-SHA-512) and
     * authorizes them by ACLs; empty for an open broker.
     */
    public Optional<BrokerCredentials> credentials() {
        return credentials;
    }

    /** What an administrative client of this broker sets besides the bootstrap servers. */
    public Properties adminClientProperties() {
        return credentials
                .map(c -> c.clientProperties(BrokerCredentials.ADMIN))
                .orElseGet(Properties::new);
    }

    private void startServer() {
        node =
                new LocalNode(
                        1,
                        settings.host(),
                        brokerPort,
                        LocalNode.freePort(),
                        dataDir,
                        new LocalNode.Standalone(),
                        1,
                        credentials);
        node.start(Uuid.randomUuid().toString());
    }

    @Override
    public void close() {
        if (node != null) {
            node.stop();
            node = null;
        }
        if (ownsDataDir) {
            LocalNode.deleteRecursively(dataDir);
        }
    }
}
