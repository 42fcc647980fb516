package io.tandem.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.connectors.topics.ClientRole;
import io.tandem.testkit.Checkout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The files of {@code deploy/kubernetes} the tests check, and the CRDs they check them against. */
final class DeployKubernetes {

    static final Path DIR = Checkout.ROOT.resolve("deploy/kubernetes");
    static final Path KAFKA = DIR.resolve("kafka/kafka.yaml");
    static final Path TOPICS = DIR.resolve("kafka").resolve(KubernetesManifests.TOPICS_FILE);
    static final Path USERS = DIR.resolve("kafka").resolve(KubernetesManifests.USERS_FILE);
    static final Path EDGE_JOB = DIR.resolve("flink/edge-job.yaml");
    static final Path STORAGE = DIR.resolve("flink/storage.yaml");
    static final Path FLEET = DIR.resolve("devices/fleet.yaml");
    static final Path EDGE_IMAGE = DIR.resolve("images/edge-job.Dockerfile");
    static final Path DEVICE_IMAGE = DIR.resolve("images/device.Dockerfile");

    /** Each custom resource kind Tandem deploys, with the schema its operator serves. */
    static final Map<String, CrdSchema> SCHEMAS =
            Map.of(
                    "FlinkDeployment",
                    CrdSchema.load("/crds/flinkdeployments.flink.apache.org-v1.yml", "v1beta1"),
                    "Kafka",
                    CrdSchema.load("/crds/040-Crd-kafka.yaml", "v1"),
                    "KafkaTopic",
                    CrdSchema.load("/crds/043-Crd-kafkatopic.yaml", "v1"),
                    "KafkaUser",
                    CrdSchema.load("/crds/044-Crd-kafkauser.yaml", "v1"),
                    "KafkaNodePool",
                    CrdSchema.load("/crds/045-Crd-kafkanodepool.yaml", "v1"));

    private DeployKubernetes() {}

    /** How many devices {@code users.yaml} enrols: its users that are no client role. */
    static int enrolledDevices() {
        Set<String> roles =
                Arrays.stream(ClientRole.values())
                        .map(ClientRole::principalName)
                        .collect(Collectors.toSet());
        return (int)
                all(USERS, "KafkaUser").stream()
                        .map(u -> u.path("metadata").path("name").asText())
                        .filter(name -> !roles.contains(name))
                        .count();
    }

    /** The one resource of {@code kind} in {@code file}. */
    static JsonNode only(Path file, String kind) {
        List<JsonNode> found = all(file, kind);
        if (found.size() != 1) {
            throw new AssertionError(file + " holds " + found.size() + " " + kind + "s, not one");
        }
        return found.get(0);
    }

    static List<JsonNode> all(Path file, String kind) {
        return Manifests.read(file).stream()
                .filter(r -> kind.equals(r.path("kind").asText()))
                .toList();
    }

    /**
     * Where a container of {@code podSpec} mounts the volume whose {@code sourceField} (secret,
     * configMap, persistentVolumeClaim) names {@code sourceName}.
     */
    static Optional<String> mountOf(JsonNode podSpec, String sourceField, String sourceName) {
        String volume = null;
        for (JsonNode v : podSpec.path("volumes")) {
            JsonNode source = v.path(sourceField);
            if (!source.isMissingNode() && nameOf(source).equals(sourceName)) {
                volume = v.path("name").asText();
            }
        }
        for (JsonNode c : podSpec.path("containers")) {
            for (JsonNode m : c.path("volumeMounts")) {
                if (m.path("name").asText().equals(volume)) {
                    return Optional.of(m.path("mountPath").asText());
                }
            }
        }
        return Optional.empty();
    }

    /** What a volume source names: a Secret, a claim, or (a ConfigMap) its name. */
    private static String nameOf(JsonNode source) {
        for (String field : new String[] {"secretName", "claimName", "name"}) {
            if (source.has(field)) {
                return source.get(field).asText();
            }
        }
        return "";
    }

    /** The destination of the {@code COPY} of {@code source} in a Dockerfile. */
    static Optional<String> copyDestination(Path dockerfile, String source) {
        try {
            for (String line : Files.readAllLines(dockerfile)) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 3
                        && words[0].equals("COPY")
                        && words[words.length - 2].equals(source)) {
                    return Optional.of(words[words.length - 1]);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
