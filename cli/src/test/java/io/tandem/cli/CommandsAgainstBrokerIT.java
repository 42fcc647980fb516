package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import io.tandem.testkit.Checkout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Commands that talk to Kafka, in-process, against a real broker. */
@ExtendWith(LocalKafkaExtension.class)
class CommandsAgainstBrokerIT {

    private final String bootstrap;

    CommandsAgainstBrokerIT(LocalKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
    }

    @Test
    void topicsCreateIsIdempotent() {
        CliRun first =
                CliRun.of("topics", "create", "--bootstrap", bootstrap, "--namespace", "cli-it");
        CliRun second =
                CliRun.of("topics", "create", "--bootstrap", bootstrap, "--namespace", "cli-it");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("cli-it.plans")
                .contains("created")
                .doesNotContain("exists");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out())
                .contains("cli-it.plans")
                .contains("exists")
                .doesNotContain("created");
    }

    @Test
    void kafkaWithThreeBrokersReplicatesTheCatalogue() {
        CliRun cluster = CliRun.of("kafka", "--brokers", "3", "--port", "0", "--duration", "1");
        assertThat(cluster.exitCode()).as(cluster.err()).isZero();
        assertThat(cluster.out())
                .contains("tandem.plans")
                .contains("KRaft, 3 nodes, replication factor 3");
        assertThat(cluster.out().lines().filter(l -> l.startsWith("bootstrap: ")).findFirst())
                .get()
                .asString()
                .matches("bootstrap: (127\\.0\\.0\\.1:\\d+,){2}127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void theDemoRunsTheWholeSystemOnEmbeddedDefaults(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.json");
        Path repo = Checkout.ROOT;
        CliRun demo =
                CliRun.of(
                        "demo",
                        "--port",
                        "0",
                        "--devices",
                        "5",
                        "--duration",
                        "25",
                        "--out",
                        summary.toString(),
                        "--traces",
                        repo.resolve("data/traces").toString(),
                        "--repo",
                        repo.resolve("models/zoo").toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out())
                .contains("embedded KRaft broker")
                .contains("tandem.plans")
                .contains("edge job running")
                .containsPattern("edge warmed up: [1-9][0-9]* frames answered \\(0 not\\)")
                .contains("demo stopped; nothing left running");

        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        JsonNode all = json.get("groups").get(json.get("groups").size() - 1);
        assertThat(all.get("group").asText()).isEqualTo("all");
        assertThat(all.get("answered").asLong()).as("frames answered").isPositive();
        assertThat(json.get("devices"))
                .hasSize(5)
                .allSatisfy(
                        d -> {
                            JsonNode report = d.get("report");
                            assertThat(report.get("duplicates").asLong())
                                    .as("no frame answered twice")
                                    .isZero();
                            assertThat(report.get("planSwitches").asLong())
                                    .as("every device received a plan")
                                    .isPositive();
                            assertThat(report.get("answered").asLong())
                                    .isEqualTo(report.get("sent").asLong());
                        });
    }

    @Test
    void theSecuredDemoServesTheImportedCameraFamily(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.json");
        CliRun demo =
                CliRun.of(
                        "demo",
                        "--secure",
                        "--model",
                        "camera-mnv2",
                        "--port",
                        "0",
                        "--dashboard-port",
                        "-1",
                        "--devices",
                        "3",
                        "--duration",
                        "10",
                        "--out",
                        summary.toString(),
                        "--traces",
                        Checkout.TRACES.toString(),
                        "--repo",
                        Checkout.ZOO.toString());

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out())
                .contains("TLS + SASL/SCRAM + ACLs")
                .contains("ACLs granted")
                .contains("enrolled 3 devices (dev-000 .. dev-002) as their own principals")
                .contains("plans enforced as produce quotas per device")
                .containsPattern("edge warmed up: [1-9][0-9]* frames answered \\(0 not\\)")
                .contains("edge tail utilization")
                .contains("demo stopped; nothing left running");
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertThat(json.get("devices"))
                .hasSize(3)
                .allSatisfy(
                        d -> {
                            JsonNode report = d.get("report");
                            // Every device, logged in as itself and signing what it sent, was
                            // planned (by signed plans) and answered.
                            assertThat(report.get("planSwitches").asLong()).isPositive();
                            assertThat(report.get("answered").asLong())
                                    .isPositive()
                                    .isEqualTo(report.get("sent").asLong());
                        });
    }
}
