package io.tandem.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerIT {

    @Test
    void anOccupiedPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalKafkaSettings settings =
                    new LocalKafkaSettings("127.0.0.1", taken.getLocalPort(), Optional.empty());
            assertThatThrownBy(() -> LocalKafkaBroker.start(settings))
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void aDataDirectoryKeepsTopicsAcrossRestarts(@TempDir Path dir) throws Exception {
        LocalKafkaSettings settings = new LocalKafkaSettings("127.0.0.1", 0, Optional.of(dir));
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(settings);
                Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(settings);
                Admin admin = admin(broker)) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
        }
        assertThat(Files.exists(dir)).as("a caller's data directory is never deleted").isTrue();
    }

    @Test
    void anEphemeralBrokerRemovesItsDataOnClose() {
        Path dataDir;
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(LocalKafkaSettings.ephemeral())) {
            dataDir = broker.dataDir();
            assertThat(dataDir).exists();
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
        }
        assertThat(dataDir).doesNotExist();
    }

    private static Admin admin(LocalKafkaBroker broker) {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
}
