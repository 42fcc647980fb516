package io.tandem.kubernetes;

import io.tandem.connectors.identity.FleetDeviceIds;
import io.tandem.connectors.identity.FleetSecret;
import io.tandem.connectors.topics.TopicCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the generated part of {@code deploy/kubernetes} ({@code deploy/kubernetes/generate.sh}
 * runs it):
 *
 * <pre>
 * resources [--devices N] [--out DIR]      DIR/topics.yaml and DIR/users.yaml
 * device-passwords --fleet-secret FILE [--devices N]   the device passwords' Secret, to stdout
 * </pre>
 */
public final class KubernetesManifests {

    /** The demo fleet's size, which the committed users are enrolled for. */
    static final int DEFAULT_DEVICES = 20;

    static final String TOPICS_FILE = "topics.yaml";
    static final String USERS_FILE = "users.yaml";

    private KubernetesManifests() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("generate: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws IOException {
        if (args.length == 0 || !List.of("resources", "device-passwords").contains(args[0])) {
            throw new IllegalArgumentException(
                    "usage: resources [--devices N] [--out DIR] | device-passwords --fleet-secret"
                            + " FILE [--devices N]");
        }
        int devices = DEFAULT_DEVICES;
        Path out = Path.of(".");
        Path fleetSecret = null;
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--devices" -> devices = positive(value);
                case "--out" -> out = Path.of(value);
                case "--fleet-secret" -> fleetSecret = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args[0].equals("resources")) {
            Files.createDirectories(out);
            Files.writeString(out.resolve(TOPICS_FILE), topics());
            Files.writeString(out.resolve(USERS_FILE), users(devices));
            System.out.println(
                    "wrote " + out.resolve(TOPICS_FILE) + " and " + out.resolve(USERS_FILE));
        } else {
            if (fleetSecret == null) {
                throw new IllegalArgumentException("device-passwords needs --fleet-secret FILE");
            }
            System.out.print(
                    Manifests.write(
                            "Each device's Kafka password, derived from the fleet secret.",
                            List.of(
                                    DevicePasswords.secret(
                                            FleetSecret.read(fleetSecret),
                                            FleetDeviceIds.first(devices)))));
        }
    }

    /** The catalogue's topics, as {@code topics.yaml} holds them. */
    static String topics() {
        return Manifests.write(
                "Generated from the topic catalogue (TandemTopic); do not edit, run"
                        + " deploy/kubernetes/generate.sh.",
                StrimziTopics.of(TopicCatalogue.standard(), StrimziCluster.standard()));
    }

    /** The roles' users and {@code devices} enrolled devices, as {@code users.yaml} holds them. */
    static String users(int devices) {
        TopicCatalogue catalogue = TopicCatalogue.standard();
        StrimziCluster cluster = StrimziCluster.standard();
        List<Object> users = new ArrayList<>(StrimziUsers.ofRoles(catalogue, cluster));
        users.addAll(StrimziUsers.ofDevices(FleetDeviceIds.first(devices), catalogue, cluster));
        return Manifests.write(
                "Generated from the client roles' ACLs (TopicAcls) for "
                        + devices
                        + " enrolled devices; do not edit, run deploy/kubernetes/generate.sh.",
                users);
    }

    private static int positive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--devices must be a positive integer, was " + value);
    }
}
