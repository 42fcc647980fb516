package io.tandem.cli.commands;

import io.tandem.cli.quotas.PlanQuotaKeeper;
import io.tandem.connectors.identity.DeviceEnrolment;
import io.tandem.connectors.identity.FleetSecret;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.kafka.local.BrokerCredentials;
import io.tandem.kafka.local.LocalKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A fleet on a secured local broker: the fleet secret kept in the broker's secure directory, the
 * devices enrolled as their own principals, and every plan enforced as a produce quota while it
 * runs.
 *
 * @param secretFile where the fleet secret is, for the edge's {@code fleet-secret} and {@code
 *     ./tandem fleet --fleet-secret}
 */
record SecuredFleet(Path secretFile, FleetSecret secret, PlanQuotaKeeper quotas)
        implements AutoCloseable {

    static SecuredFleet start(
            LocalKafkaBroker broker,
            BrokerCredentials credentials,
            TopicCatalogue topics,
            List<String> deviceIds,
            PrintWriter out) {
        FleetSecret secret = FleetSecret.in(credentials.dir());
        KafkaClientProperties admin = KafkaClientProperties.of(broker.adminClientProperties());
        if (!deviceIds.isEmpty()) {
            Properties props = admin.asProperties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin client = Admin.create(props)) {
                DeviceEnrolment.enrol(client, secret, topics, deviceIds);
            }
            out.printf(
                    "enrolled %d devices (%s .. %s) as their own principals%n",
                    deviceIds.size(), deviceIds.get(0), deviceIds.get(deviceIds.size() - 1));
        }
        PlanQuotaKeeper quotas = PlanQuotaKeeper.start(broker.bootstrapServers(), admin, topics);
        Path file = credentials.dir().resolve(FleetSecret.FILE);
        out.println(
                "fleet secret (edge --fleet-secret, fleet --fleet-secret): "
                        + file
                        + "; plans enforced as produce quotas per device");
        return new SecuredFleet(file, secret, quotas);
    }

    @Override
    public void close() throws InterruptedException {
        quotas.close();
    }
}
