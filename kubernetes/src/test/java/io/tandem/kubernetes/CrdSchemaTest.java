package io.tandem.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The schema check finds what the API server would refuse or drop, so its silence means something.
 */
class CrdSchemaTest {

    private static final CrdSchema USER = DeployKubernetes.SCHEMAS.get("KafkaUser");

    private static JsonNode user(String spec) throws Exception {
        return Manifests.yaml()
                .readTree(
                        "apiVersion: kafka.strimzi.io/v1\nkind: KafkaUser\nmetadata:\n  name: u\n"
                                + spec);
    }

    @Test
    void aValidResourceHasNoProblems() throws Exception {
        assertThat(USER.problems(user("spec:\n  authentication:\n    type: scram-sha-512\n")))
                .isEmpty();
    }

    @Test
    void findsAnUnknownFieldTheServerWouldDrop() throws Exception {
        assertThat(USER.problems(user("spec:\n  authentcation:\n    type: scram-sha-512\n")))
                .containsExactly(
                        "$.spec.authentcation: unknown field (the API server would drop it)");
    }

    @Test
    void findsAValueOutsideItsEnumAndAWrongType() throws Exception {
        assertThat(USER.problems(user("spec:\n  authentication:\n    type: plain\n")))
                .singleElement()
                .asString()
                .startsWith("$.spec.authentication.type: \"plain\" is not one of");
        assertThat(USER.problems(user("spec:\n  quotas:\n    producerByteRate: fast\n")))
                .containsExactly("$.spec.quotas.producerByteRate: must be integer, is STRING");
    }

    @Test
    void findsAMissingRequiredFieldAndAForeignKind() throws Exception {
        assertThat(USER.problems(user("spec:\n  authentication: {}\n")))
                .containsExactly("$.spec.authentication: lacks required field type");
        JsonNode topic =
                Manifests.yaml()
                        .readTree(
                                "apiVersion: kafka.strimzi.io/v1\n"
                                        + "kind: KafkaTopic\n"
                                        + "metadata: {}\n");
        assertThat(USER.problems(topic)).singleElement().asString().contains("the schema is for");
    }
}
