package io.tandem.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.testkit.Checkout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/devices and the images: the fleet's Deployment is a Kubernetes Deployment, its
 * devices reach the cluster's TLS listener with a SCRAM mechanism each device logs in on itself,
 * they are enrolled in users.yaml, and the images copy what the build and the checkout hold.
 */
class FleetDeploymentTest {

    private static final StrimziCluster CLUSTER = StrimziCluster.standard();

    @Test
    void theFleetReachesTheTlsListenerAsEnrolledDevices(@TempDir Path dir) throws Exception {
        Deployment fleet =
                Manifests.yaml()
                        .treeToValue(
                                DeployKubernetes.only(DeployKubernetes.FLEET, "Deployment"),
                                Deployment.class);
        Container container = fleet.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> args = container.getArgs();
        assertThat(args.get(0)).isEqualTo("fleet");
        assertThat(after(args, "--bootstrap")).isEqualTo(CLUSTER.bootstrapServers());
        assertThat(Integer.parseInt(after(args, "--devices")))
                .as("devices enrolled in users.yaml")
                .isLessThanOrEqualTo(DeployKubernetes.enrolledDevices());

        JsonNode pod = Manifests.yaml().valueToTree(fleet.getSpec().getTemplate().getSpec());
        Path kafkaConfig = Path.of(after(args, "--kafka-config"));
        assertThat(kafkaConfig.getParent().toString())
                .isEqualTo(
                        DeployKubernetes.mountOf(pod, "configMap", "tandem-device-kafka-client")
                                .orElseThrow());
        assertThat(Path.of(after(args, "--fleet-secret")).getParent().toString())
                .isEqualTo(
                        DeployKubernetes.mountOf(pod, "secret", "tandem-fleet-secret")
                                .orElseThrow());
        String caMount =
                DeployKubernetes.mountOf(pod, "secret", CLUSTER.clusterCaSecret()).orElseThrow();

        JsonNode configMap = DeployKubernetes.only(DeployKubernetes.FLEET, "ConfigMap");
        Path file =
                Files.writeString(
                        dir.resolve("client.properties"),
                        configMap.path("data").path(kafkaConfig.getFileName().toString()).asText());
        KafkaClientProperties client = KafkaClientProperties.read(file);
        assertThat(client.values())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", caMount + "/ca.crt")
                .as("each device adds its own login")
                .doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void theImagesCopyWhatTheBuildAndTheCheckoutHold() throws Exception {
        String script = Files.readString(Checkout.ROOT.resolve("tandem"));
        assertThat(script).contains("JAR=\"$ROOT/cli/target/tandem-cli.jar\"");
        assertThat(
                        DeployKubernetes.copyDestination(
                                DeployKubernetes.DEVICE_IMAGE, "cli/target/tandem-cli.jar"))
                .as("where the tandem script looks for its jar")
                .contains("/opt/tandem/cli/target/tandem-cli.jar");
        assertThat(DeployKubernetes.copyDestination(DeployKubernetes.DEVICE_IMAGE, "tandem"))
                .contains("/opt/tandem/tandem");
        for (String source : List.of("models/zoo", "data/traces")) {
            assertThat(Checkout.ROOT.resolve(source)).isDirectory();
            assertThat(DeployKubernetes.copyDestination(DeployKubernetes.DEVICE_IMAGE, source))
                    .contains("/opt/tandem/" + source);
        }
        assertThat(
                        Files.readString(
                                DeployKubernetes.DIR.resolveSibling("flink-standalone/cluster.sh")))
                .as("the job jar the build makes")
                .contains("jobs/target/tandem-edge.jar");
        assertThat(
                        DeployKubernetes.copyDestination(
                                DeployKubernetes.EDGE_IMAGE, "jobs/target/tandem-edge.jar"))
                .isPresent();
    }

    private static String after(List<String> args, String flag) {
        int i = args.indexOf(flag);
        assertThat(i).as(flag).isNotNegative();
        return args.get(i + 1);
    }
}
