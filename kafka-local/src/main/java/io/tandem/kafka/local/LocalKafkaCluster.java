package io.tandem.kafka.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka cluster of several KRaft nodes (each broker and controller, one static controller
 * quorum of all of them) inside the calling JVM, on loopback: internal topics replicated to every
 * node (at most 3) with two in sync, so one node can stop without losing an acknowledged write.
 * Nodes can be stopped and started again on their own storage, as a test of fail-over wants.
 * PLAINTEXT only: {@link LocalKafkaBroker} is the one that secures.
 */
public final class LocalKafkaCluster implements AutoCloseable {

    /** Internal topics are replicated to at most this many nodes. */
    static final int MAX_REPLICATION = 3;

    private final String host;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final String clusterId;
    private final List<LocalNode> nodes;

    private LocalKafkaCluster(
            String host,
            Path dataDir,
            boolean ownsDataDir,
            String clusterId,
            List<LocalNode> nodes) {
        this.host = host;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.clusterId = clusterId;
        this.nodes = nodes;
    }

    /**
     * Formats and starts {@code size} nodes; the first takes {@code settings.port()} (0: any free
     * port), the others free ports. Returns once every node runs.
     */
    public static LocalKafkaCluster start(LocalKafkaSettings settings, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least 1 node, not " + size);
        }
        if (settings.secure()) {
            throw new IllegalArgumentException(
                    "a local cluster of several brokers is PLAINTEXT only; --secure runs one"
                            + " broker");
        }
        List<Integer> brokerPorts = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int port = i == 0 && settings.port() != 0 ? settings.port() : LocalNode.freePort();
            LocalNode.ensurePortFree(port);
            brokerPorts.add(port);
            controllerPorts.add(LocalNode.freePort());
        }
        boolean ownsDataDir = settings.dataDir().isEmpty();
        Path dataDir;
        try {
            dataDir =
                    ownsDataDir
                            ? Files.createTempDirectory("tandem-kafka-cluster-")
                            : Files.createDirectories(settings.dataDir().get());
        } catch (IOException e) {
            throw new LocalKafkaException(
                    "cannot create the cluster's data directory: " + e.getMessage(), e);
        }
        StringJoiner quorum = new StringJoiner(",");
        for (int i = 0; i < size; i++) {
            quorum.add((i + 1) + "@" + settings.host() + ":" + controllerPorts.get(i));
        }
        String voters = quorum.toString();
        int replication = Math.min(size, MAX_REPLICATION);
        List<LocalNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(
                    new LocalNode(
                            i + 1,
                            settings.host(),
                            brokerPorts.get(i),
                            controllerPorts.get(i),
                            dataDir.resolve("node-" + (i + 1)),
                            new LocalNode.Voters(voters),
                            replication,
                            Optional.empty()));
        }
        LocalKafkaCluster cluster =
                new LocalKafkaCluster(
                        settings.host(), dataDir, ownsDataDir, Uuid.randomUuid().toString(), nodes);
        try {
            // Together: each node's controller waits for a quorum of the others before it serves.
            CompletableFuture.allOf(
                            nodes.stream()
                                    .map(
                                            n ->
                                                    CompletableFuture.runAsync(
                                                            () -> n.start(cluster.clusterId)))
                                    .toArray(CompletableFuture[]::new))
                    .join();
        } catch (RuntimeException e) {
            cluster.close();
            throw new LocalKafkaException("the cluster did not start: " + e.getMessage(), e);
        }
        return cluster;
    }

    /** Every running node's client address, comma-separated, as clients bootstrap. */
    public String bootstrapServers() {
        return nodes.stream()
                .filter(LocalNode::running)
                .map(n -> host + ":" + n.brokerPort())
                .collect(Collectors.joining(","));
    }

    public int size() {
        return nodes.size();
    }

    /** The replication factor the cluster's topics should have: every node, at most 3. */
    public short replicationFactor() {
        return (short) Math.min(nodes.size(), MAX_REPLICATION);
    }

    /** Stops node {@code index} (0-based); its storage stays for {@link #startNode}. */
    public void stopNode(int index) {
        nodes.get(index).stop();
    }

    /** Starts a stopped node again on its own storage and ports. */
    public void startNode(int index) {
        LocalNode node = nodes.get(index);
        if (!node.running()) {
            node.start(clusterId);
        }
    }

    @Override
    public void close() {
        // Together, as they started: stopped one by one, the last node's broker waits minutes for a
        // controller quorum that is already gone to approve its shutdown.
        CompletableFuture.allOf(
                        nodes.stream()
                                .map(n -> CompletableFuture.runAsync(n::stop))
                                .toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
        if (ownsDataDir) {
            LocalNode.deleteRecursively(dataDir);
        }
    }
}
