package io.tandem.connectors.topics;

import static io.tandem.connectors.topics.TandemTopic.DLQ;
import static io.tandem.connectors.topics.TandemTopic.FEATURES;
import static io.tandem.connectors.topics.TandemTopic.MODELS;
import static io.tandem.connectors.topics.TandemTopic.MONITORING;
import static io.tandem.connectors.topics.TandemTopic.PLANS;
import static io.tandem.connectors.topics.TandemTopic.RESULTS;
import static io.tandem.connectors.topics.TandemTopic.TELEMETRY;

import java.util.Set;

/**
 * Who talks to Tandem's topics, and what each may do there: the least each needs. Each role is one
 * Kafka principal ({@code User:<name>}) on a secured cluster.
 */
public enum ClientRole {
    /** The edge job: reads frames and telemetry, writes everything it produces. */
    EDGE(
            "edge",
            Set.of(FEATURES, TELEMETRY, PLANS, MONITORING, MODELS),
            Set.of(PLANS, RESULTS, MONITORING, DLQ)),
    /**
     * A device: sends frames and telemetry, reads its plans, its answers and the versions it may
     * download, and reports what it refused (a forged plan, an undecodable answer) as dead letters.
     */
    DEVICE("device", Set.of(PLANS, RESULTS, MODELS), Set.of(FEATURES, TELEMETRY, DLQ)),
    /** The dashboard: reads what it shows, writes nothing. */
    DASHBOARD("dashboard", Set.of(MONITORING, TELEMETRY, PLANS, MODELS), Set.of()),
    /** Whoever publishes and withdraws model versions ({@code ./tandem models publish}). */
    PUBLISHER("publisher", Set.of(MODELS), Set.of(MODELS));

    private final String principalName;
    private final Set<TandemTopic> reads;
    private final Set<TandemTopic> writes;

    ClientRole(String principalName, Set<TandemTopic> reads, Set<TandemTopic> writes) {
        this.principalName = principalName;
        this.reads = reads;
        this.writes = writes;
    }

    public String principalName() {
        return principalName;
    }

    public String principal() {
        return "User:" + principalName;
    }

    public Set<TandemTopic> reads() {
        return reads;
    }

    public Set<TandemTopic> writes() {
        return writes;
    }

    /** Whether the role runs consumer groups and Kafka transactions (the edge job only). */
    public boolean transactional() {
        return this == EDGE;
    }
}
