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
import org.apache.kafka.common.utils.Time;

/**
 * One KRaft process (broker and controller in one) of a local broker or cluster: its properties,
 * its formatted storage, its server. What {@link LocalKafkaBroker} (one node) and {@link
 * LocalKafkaCluster} (several) have in common.
 */
final class LocalNode {

    /** How the node finds its controller quorum. */
    sealed interface Quorum permits Standalone, Voters {}

    /** A quorum of this node alone, formatted as such ({@code --standalone}). */
    record Standalone() implements Quorum {}

    /** A static quorum of every node, {@code id@host:port,...}. */
    record Voters(String voters) implements Quorum {}

    private final int nodeId;
    private final String host;
    private final int brokerPort;
    private final int controllerPort;
    private final Path dataDir;
    private final Quorum quorum;
    private final int replication;
    private final Optional<BrokerCredentials> credentials;
    private KafkaRaftServer server;

    LocalNode(
            int nodeId,
            String host,
            int brokerPort,
            int controllerPort,
            Path dataDir,
            Quorum quorum,
            int replication,
            Optional<BrokerCredentials> credentials) {
        this.nodeId = nodeId;
        this.host = host;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.quorum = quorum;
        this.replication = replication;
        this.credentials = credentials;
    }

    int brokerPort() {
        return brokerPort;
    }

    boolean running() {
        return server != null;
    }

    /** Formats the node's storage on first start (with {@code clusterId}) and starts it. */
    void start(String clusterId) {
        Properties props = properties();
        Path propsFile = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "Tandem local broker, node " + nodeId);
            }
        } catch (IOException e) {
            throw new LocalKafkaException("cannot write " + propsFile + ": " + e.getMessage(), e);
        }
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            format(propsFile, clusterId);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
    }

    /** Stops the server; its storage stays, so it can start again. */
    void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(nodeId));
        if (quorum instanceof Voters v) {
            p.setProperty("controller.quorum.voters", v.voters());
        } else {
            p.setProperty("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
        }
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
        // Internal topics replicated as far as the nodes allow, and a write acknowledged by all
        // in-sync replicas survives one node's loss where there are three.
        String factor = Integer.toString(replication);
        String minIsr = Integer.toString(Math.max(1, Math.min(2, replication - 1)));
        p.setProperty("offsets.topic.replication.factor", factor);
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", factor);
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("share.coordinator.state.topic.replication.factor", factor);
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
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

    private void format(Path propsFile, String clusterId) {
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
                                "--ignore-formatted"));
        if (quorum instanceof Standalone) {
            args.add("--standalone");
        }
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalKafkaException("cannot find a free port: " + e.getMessage(), e);
        }
    }

    static void ensurePortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new LocalKafkaException(
                    "port " + port + " is already in use; pick another with --port");
        }
    }

    static void deleteRecursively(Path root) {
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
