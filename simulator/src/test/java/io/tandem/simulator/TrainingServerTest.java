package io.tandem.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.drl.PolicyObservation;
import io.tandem.testkit.Checkout;
import io.tandem.traces.TraceReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The training environment over its line protocol: one observation, action and reward per window,
 * episodes reproducible from their seed, and the actions are what the cell runs.
 */
class TrainingServerTest {

    private static final int DEVICES = 4;
    private static final double SECONDS = 6;
    private final ObjectMapper json = new ObjectMapper();

    /** The server's whole transcript for one episode whose actions come from {@code choose}. */
    private List<JsonNode> episode(long seed, IntBinaryOperator choose) throws Exception {
        return episode(seed, choose, false);
    }

    private List<JsonNode> episode(long seed, IntBinaryOperator choose, boolean teacher)
            throws Exception {
        // The server reads an action only after sending its observation; the observation's width
        // is fixed by the cell, so the actions can be written up front for every window.
        var catalog =
                ZooSplitOptions.catalog(
                        ModelManifest.read(Checkout.zooManifest()),
                        List.of("float32", "int8", "int4"));
        var traces = TraceReader.readFolder(Checkout.TRACES).traces();
        StringBuilder script =
                new StringBuilder("{\"reset\": " + seed + ", \"teacher\": " + teacher + "}\n");
        int windows = (int) SECONDS;
        for (int w = 0; w < windows; w++) {
            List<Integer> options = new ArrayList<>();
            List<Double> shares = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                options.add(choose.applyAsInt(w, i));
                shares.add(0.0);
                shares.add(0.0);
            }
            script.append(
                            json.writeValueAsString(
                                    java.util.Map.of("option", options, "shares", shares)))
                    .append('\n');
        }
        script.append("{\"quit\": true}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int episodes =
                new TrainingServer(
                                s -> SimulationConfig.defaults(DEVICES, SECONDS, s, List.of("drl")),
                                traces,
                                catalog,
                                new BufferedReader(new StringReader(script.toString())),
                                new PrintStream(out, true, StandardCharsets.UTF_8))
                        .serve();
        assertThat(episodes).isOne();
        List<JsonNode> messages = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            messages.add(json.readTree(line));
        }
        return messages;
    }

    @Test
    void everyWindowIsObservedActedOnAndRewarded() throws Exception {
        List<JsonNode> messages = episode(3, (w, i) -> 0);
        assertThat(messages).hasSize(2 * (int) SECONDS + 1);
        for (int w = 0; w < SECONDS; w++) {
            JsonNode obs = messages.get(2 * w).get("obs");
            assertThat(obs).as("window %d", w).isNotNull();
            int width = obs.get("width").asInt();
            assertThat(obs.get("ids")).hasSize(DEVICES);
            assertThat(obs.get("device")).hasSize(DEVICES * PolicyObservation.DEVICE_FEATURES);
            assertThat(obs.get("options"))
                    .hasSize(DEVICES * width * PolicyObservation.OPTION_FEATURES);
            JsonNode reward = messages.get(2 * w + 1).get("reward");
            assertThat(reward).hasSize(DEVICES);
            reward.forEach(r -> assertThat(r.asDouble()).isFinite().isNotPositive());
        }
        JsonNode done = messages.get(messages.size() - 1).get("done");
        assertThat(done.get("frames").asLong()).isPositive();
        assertThat(done.get("objective").asDouble()).isPositive();
    }

    @Test
    void withATeacherEveryObservationCarriesTheTandemSolversDecision() throws Exception {
        List<JsonNode> messages = episode(3, (w, i) -> 0, true);
        for (int w = 0; w < SECONDS; w++) {
            JsonNode obs = messages.get(2 * w).get("obs");
            JsonNode teacher = obs.get("teacher");
            assertThat(teacher.get("option")).hasSize(DEVICES);
            assertThat(teacher.get("shares")).hasSize(2 * DEVICES);
            int width = obs.get("width").asInt();
            for (int i = 0; i < DEVICES; i++) {
                int option = teacher.get("option").get(i).asInt();
                assertThat(option).isBetween(0, width - 1);
                assertThat(obs.get("mask").get(i * width + option).asDouble()).isEqualTo(1.0);
            }
        }
        assertThat(episode(3, (w, i) -> 0).get(0).get("obs").has("teacher")).isFalse();
    }

    @Test
    void anEpisodeIsReproducibleFromItsSeedAndTheActionsAreWhatRuns() throws Exception {
        List<JsonNode> first = episode(5, (w, i) -> 0);
        assertThat(episode(5, (w, i) -> 0)).isEqualTo(first);
        List<JsonNode> other = episode(5, (w, i) -> 1); // another option: other costs
        assertThat(other.get(0))
                .as("the first observation precedes any action")
                .isEqualTo(first.get(0));
        assertThat(other.get(other.size() - 1).get("done").get("objective").asDouble())
                .isNotEqualTo(first.get(first.size() - 1).get("done").get("objective").asDouble());
    }
}
