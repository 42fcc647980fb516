package io.tandem.kafka.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

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
    private KafkaRaftServer server;

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
        int brokerPort = settings.port() == 0 ? freePort() : settings.port();
        ensurePortFree(brokerPort);
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
        int controllerPort = freePort();
        Properties props = serverProperties(controllerPort);
        Path propsFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "Tandem local broker");
        } catch (IOException e) {
            throw new LocalKafkaException("cannot write " + propsFile + ": " + e.getMessage(), e);
        }
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            format(propsFile);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
    }

    private Properties serverProperties(int controllerPort) {
        String host = settings.host();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
        String client = credentials.isPresent() ? "SASL_SSL" : "PLAINTEXT";
        p.setProperty(
                "listeners",
                client
                        + "://"
                        + host
                        + ":"
                        + brokerPort
                        + ",CONTROLLER://"
                        + host
                        + ":"
                        + controllerPort);
        p.setProperty("advertised.listeners", client + "://" + host + ":" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", client);
        p.setProperty(
                "listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
        credentials.ifPresent(c -> secure(p, c));
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());
        // A single node cannot replicate: every internal topic gets one replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("num.partitions", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Compaction must be visible within a demo's lifetime, not hours.
        p.setProperty("log.cleaner.backoff.ms", "1000");
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }

    /**
     * Clients connect over TLS, authenticate with SCRAM-SHA-512 and are authorized by ACLs only
     * (nothing is allowed without one). The broker speaks to itself as {@code admin}. The
     * controller listener stays PLAINTEXT on loopback: it serves only the controller's own
     * protocol, and its (anonymous) peer, this very process, must be a super user for the
     * authorizer to let it work.
     */
    private static void secure(Properties p, BrokerCredentials c) {
        p.setProperty("sasl.enabled.mechanisms", BrokerCredentials.MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", BrokerCredentials.MECHANISM);
        p.setProperty(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                c.jaas(BrokerCredentials.ADMIN));
        c.certificates().addBrokerSettings(p);
        p.setProperty(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("super.users", "User:" + BrokerCredentials.ADMIN + ";User:ANONYMOUS");
        p.setProperty("allow.everyone.if.no.acl.found", "false");
    }

    private void format(Path propsFile) {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "format",
                                "--cluster-id",
                                clusterId,
                                "--config",
                                propsFile.toString(),
                                "--standalone",
                                "--ignore-formatted"));
        credentials.ifPresent(c -> args.addAll(c.formatArguments()));
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(args.toArray(String[]::new), out);
        }
        if (rc != 0) {
            throw new LocalKafkaException(
                    "formatting the broker's storage failed: "
                            + captured.toString(StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalKafkaException("cannot find a free port: " + e.getMessage(), e);
        }
    }

    private static void ensurePortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new LocalKafkaException(
                    "port " + port + " is already in use; pick another with --port");
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (IOException | UncheckedIOException e) {
            // Leftover files in a temp directory are harmless; a failed cleanup must not mask the
            // caller's result.
        }
    }
}
