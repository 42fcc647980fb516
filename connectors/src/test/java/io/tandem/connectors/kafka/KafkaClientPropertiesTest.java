package io.tandem.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {

    @TempDir Path dir;

    @Test
    void aFileAddsItsPropertiesToAClientsOwn() throws IOException {
        Path file =
                Files.writeString(
                        dir.resolve("client.properties"),
                        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        Properties own = new Properties();
        own.put("client.id", "cam-1");

        Properties merged = KafkaClientProperties.read(file).addTo(own);

        assertThat(merged)
                .containsEntry("client.id", "cam-1")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void settingsTandemOwnsAreRefusedWithTheReason() throws IOException {
        Path bootstrap = Files.writeString(dir.resolve("a.properties"), "bootstrap.servers=x:1\n");
        Path isolation =
                Files.writeString(
                        dir.resolve("b.properties"), "isolation.level=read_uncommitted\n");

        assertThatThrownBy(() -> KafkaClientProperties.read(bootstrap))
                .hasMessageContaining("sets bootstrap.servers")
                .hasMessageContaining("--bootstrap");
        assertThatThrownBy(() -> KafkaClientProperties.read(isolation))
                .hasMessageContaining("isolation.level, which Tandem sets itself");
    }

    @Test
    void aMissingFileIsOneLine() {
        assertThatThrownBy(() -> KafkaClientProperties.read(dir.resolve("nope.properties")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read Kafka client properties")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void noneIsEmpty() {
        assertThat(KafkaClientProperties.none().isEmpty()).isTrue();
        assertThat(KafkaClientProperties.none().asProperties()).isEmpty();
    }
}
