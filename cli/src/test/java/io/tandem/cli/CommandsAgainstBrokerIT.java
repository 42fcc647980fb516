package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Commands that talk to Kafka, in-process, against a real broker. */
@ExtendWith(LocalKafkaExtension.class)
class CommandsAgainstBrokerIT {

    private final String bootstrap;

    CommandsAgainstBrokerIT(LocalKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
    }

    @Test
    void topicsCreateIsIdempotent() {
        TandemCliTest.Run first = TandemCliTest.run("topics", "create", "--bootstrap", bootstrap, "--namespace", "cli-it");
        TandemCliTest.Run second = TandemCliTest.run("topics", "create", "--bootstrap", bootstrap, "--namespace", "cli-it");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("cli-it.plans").contains("created").doesNotContain("exists");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("cli-it.plans").contains("exists").doesNotContain("created");
    }

    @Test
    void demoOnAnExternalClusterCreatesTheTopicsAndStopsOnTime() {
        TandemCliTest.Run demo = TandemCliTest.run("demo", "--bootstrap", bootstrap, "--duration", "1");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("(external)").contains("tandem.features").contains("demo stopped");
    }

    @Test
    void demoOnEmbeddedDefaultsStartsItsOwnBroker() {
        TandemCliTest.Run demo = TandemCliTest.run("demo", "--port", "0", "--duration", "1");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("embedded KRaft broker").contains("tandem.plans").contains("demo stopped");
    }
}
