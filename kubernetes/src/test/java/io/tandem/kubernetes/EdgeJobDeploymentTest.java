package io.tandem.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.ClientRole;
import io.tandem.jobs.EdgeJob;
import io.tandem.jobs.EdgeJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/flink/edge-job.yaml: valid for the Flink operator's CRD, with what a last-state
 * deployment needs, Flink settings Flink knows, job arguments the job itself accepts, and every
 * file the arguments name mounted from the Secret or ConfigMap that holds it.
 */
class EdgeJobDeploymentTest {

    private static final JsonNode DEPLOYMENT =
            DeployKubernetes.only(DeployKubernetes.EDGE_JOB, "FlinkDeployment");
    private static final JsonNode POD = DEPLOYMENT.path("spec").path("podTemplate").path("spec");
    private static final StrimziCluster CLUSTER = StrimziCluster.standard();

    private static Configuration flinkConfiguration() {
        Map<String, String> values = new HashMap<>();
        DEPLOYMENT
                .path("spec")
                .path("flinkConfiguration")
                .fields()
                .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return Configuration.fromMap(values);
    }

    private static EdgeJobConfig jobArguments() {
        List<String> args = new ArrayList<>();
        DEPLOYMENT.path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
        return EdgeJobConfig.parse(args.toArray(String[]::new), Map.of());
    }

    @Test
    void isValidForTheOperatorsSchema() {
        for (Path file : List.of(DeployKubernetes.EDGE_JOB)) {
            for (JsonNode resource : DeployKubernetes.all(file, "FlinkDeployment")) {
                assertThat(DeployKubernetes.SCHEMAS.get("FlinkDeployment").problems(resource))
                        .isEmpty();
            }
        }
    }

    @Test
    void runsFlink22InApplicationModeWithLastStateUpgradesAndKubernetesHa() {
        JsonNode spec = DEPLOYMENT.path("spec");
        assertThat(spec.path("flinkVersion").asText()).isEqualTo("v2_2");
        assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("last-state");
        assertThat(spec.path("job").path("entryClass").asText()).isEqualTo(EdgeJob.class.getName());
        assertThat(spec.path("job").path("jarURI").asText())
                .isEqualTo(
                        "local://"
                                + DeployKubernetes.copyDestination(
                                                DeployKubernetes.EDGE_IMAGE,
                                                "jobs/target/tandem-edge.jar")
                                        .orElseThrow());
        Configuration flink = flinkConfiguration();
        assertThat(flink.get(HighAvailabilityOptions.HA_MODE)).isEqualTo("kubernetes");
        String data =
                DeployKubernetes.mountOf(POD, "persistentVolumeClaim", "tandem-flink-data")
                        .orElseThrow();
        assertThat(flink.get(HighAvailabilityOptions.HA_STORAGE_PATH)).startsWith("file://" + data);
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .startsWith("file://" + data);
        assertThat(flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))
                .startsWith("file://" + data);
        assertThat(
                        DeployKubernetes.only(DeployKubernetes.STORAGE, "PersistentVolumeClaim")
                                .path("spec")
                                .path("accessModes")
                                .toString())
                .as("every JobManager and TaskManager mounts it")
                .contains("ReadWriteMany");
    }

    @Test
    void givesTheJvmsTheOptionsEveryTandemJvmNeeds() throws Exception {
        JsonNode standalone =
                Manifests.yaml()
                        .readTree(
                                DeployKubernetes.DIR
                                        .resolveSibling("flink-standalone/conf/config.yaml")
                                        .toFile());
        assertThat(flinkConfiguration().get(CoreOptions.FLINK_JVM_OPTIONS))
                .isEqualTo(standalone.path("env").path("java").path("opts").path("all").asText())
                .contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.tandem.schema");
    }

    @Test
    void theJobAcceptsItsArgumentsAndFindsEachFileWhereItIsMounted() {
        EdgeJobConfig job = jobArguments();
        assertThat(job.bootstrapServers()).isEqualTo(CLUSTER.bootstrapServers());
        assertThat(job.parallelism())
                .isEqualTo(DEPLOYMENT.path("spec").path("job").path("parallelism").asInt());
        assertThat(job.checkpointDir()).as("the operator owns recovery").isEmpty();
        assertThat(job.modelRoot().toString())
                .isEqualTo(
                        DeployKubernetes.copyDestination(DeployKubernetes.EDGE_IMAGE, "models/zoo")
                                .orElseThrow());
        assertThat(job.planner().cells()).hasSizeGreaterThanOrEqualTo(2);

        Path kafkaConfig = Path.of(job.value(EdgeJobConfig.KAFKA_CONFIG));
        assertThat(kafkaConfig.getParent().toString())
                .isEqualTo(
                        DeployKubernetes.mountOf(POD, "configMap", "tandem-edge-kafka-client")
                                .orElseThrow());
        assertThat(clientConfigMap().path("data").has(kafkaConfig.getFileName().toString()))
                .isTrue();
        Path fleetSecret = Path.of(job.value(EdgeJobConfig.FLEET_SECRET));
        assertThat(fleetSecret.getParent().toString())
                .isEqualTo(
                        DeployKubernetes.mountOf(POD, "secret", "tandem-fleet-secret")
                                .orElseThrow());
        assertThat(fleetSecret.getFileName().toString()).isEqualTo("fleet.secret");
    }

    /**
     * The client properties, with the Secrets Strimzi writes (the edge user's login, the cluster
     * CA) laid out as Kubernetes mounts them: Kafka's own config resolves the login from the
     * mounted file, and the files are the ones of the edge's user and of this cluster.
     */
    @Test
    void kafkaResolvesTheEdgeUsersLoginFromItsMountedSecret(@TempDir Path mounts) throws Exception {
        String userMount =
                DeployKubernetes.mountOf(POD, "secret", ClientRole.EDGE.principalName())
                        .orElseThrow();
        String caMount =
                DeployKubernetes.mountOf(POD, "secret", CLUSTER.clusterCaSecret()).orElseThrow();
        assertThat(userMount).isNotEqualTo(caMount);
        Path user = Files.createDirectories(mounts.resolve("user"));
        String jaas =
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"edge\" password=\"from-the-secret\";";
        Files.writeString(user.resolve("sasl.jaas.config"), jaas);
        String text =
                clientConfigMap()
                        .path("data")
                        .path("client.properties")
                        .asText()
                        .replace(userMount, user.toString())
                        .replace(caMount, mounts.resolve("ca").toString());
        Path file = Files.writeString(mounts.resolve("client.properties"), text);

        Properties client = KafkaClientProperties.read(file).asProperties();
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers());
        AdminClientConfig resolved = new AdminClientConfig(client);
        assertThat(resolved.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value()).isEqualTo(jaas);
        assertThat(resolved.getString(SaslConfigs.SASL_MECHANISM)).isEqualTo("SCRAM-SHA-512");
        assertThat(resolved.getString(AdminClientConfig.SECURITY_PROTOCOL_CONFIG))
                .isEqualTo("SASL_SSL");
        assertThat(resolved.getString(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG))
                .isEqualTo(mounts.resolve("ca").resolve("ca.crt").toString());
        assertThat(text).as("no password in the ConfigMap itself").doesNotContain("password");
    }

    private static JsonNode clientConfigMap() {
        return DeployKubernetes.all(DeployKubernetes.EDGE_JOB, "ConfigMap").stream()
                .filter(
                        c ->
                                c.path("metadata")
                                        .path("name")
                                        .asText()
                                        .equals("tandem-edge-kafka-client"))
                .findFirst()
                .orElseThrow();
    }
}
