package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.testkit.Checkout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./tandem} script as a user runs it, against the jar this build just packaged: a real
 * broker in its own process, reachable at the printed address, gone after SIGTERM.
 */
class LauncherIT {

    private static final Path REPO = Checkout.ROOT;

    private static ProcessBuilder tandem(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = REPO.resolve("tandem").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile());
        pb.environment().put("TANDEM_NO_BUILD", "1"); // the build under test already made the jar
        return pb;
    }

    @Test
    void versionComesFromTheJar() throws Exception {
        Process p = tandem("--version").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out.strip()).matches("tandem \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void kafkaServesTopicsUntilTerminatedThenExitsCleanly() throws Exception {
        Path log = Files.createTempFile("tandem-kafka", ".log");
        Process broker =
                tandem("kafka", "--port", "0", "--namespace", "launcher")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            String bootstrap = awaitBootstrapLine(log, Duration.ofSeconds(90));
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(names).containsAll(new TopicCatalogue("launcher").names());
            }
            broker.destroy(); // SIGTERM, as Ctrl-C's shutdown path
            assertThat(broker.waitFor(60, TimeUnit.SECONDS))
                    .as("broker stopped within 60 s")
                    .isTrue();
            assertThat(broker.exitValue()).isIn(0, 143);
            assertThat(Files.readString(log)).contains("broker stopped");
        } finally {
            broker.destroyForcibly();
        }
    }

    private static String awaitBootstrapLine(Path log, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("bootstrap: ")) {
                    return line.substring("bootstrap: ".length()).strip();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "the broker printed no bootstrap address; output:\n" + Files.readString(log));
    }
}
