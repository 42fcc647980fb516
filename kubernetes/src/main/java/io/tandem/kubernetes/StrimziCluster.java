package io.tandem.kubernetes;

import java.util.Map;

/**
 * The Strimzi-managed Kafka cluster Tandem runs on: its name, which the operator derives the
 * bootstrap service and the CA secret from, and the TLS listener clients log in on with
 * SCRAM-SHA-512.
 *
 * @param name the {@code Kafka} resource's name
 * @param tlsPort the port of its internal TLS listener
 * @param replicas how many brokers hold each topic partition
 */
public record StrimziCluster(String name, int tlsPort, int replicas) {

    /** What {@code deploy/kubernetes/kafka/kafka.yaml} declares. */
    public static StrimziCluster standard() {
        return new StrimziCluster("tandem", 9093, 3);
    }

    /** The label that ties a topic or user to this cluster's entity operator. */
    public Map<String, String> label() {
        return Map.of("strimzi.io/cluster", name);
    }

    /** The bootstrap address of the TLS listener inside the Kubernetes namespace. */
    public String bootstrapServers() {
        return name + "-kafka-bootstrap:" + tlsPort;
    }

    /** The secret holding the cluster CA certificate ({@code ca.crt}) clients trust. */
    public String clusterCaSecret() {
        return name + "-cluster-ca-cert";
    }
}
