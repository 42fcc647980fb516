package io.tandem.models.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.models.repository.ModelIntegrityException;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.cost.TaskWeights;
import io.tandem.planner.drl.PolicyObservation;
import io.tandem.planner.solve.Assignment;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.Solution;
import io.tandem.planner.solve.Solver;
import io.tandem.planner.solve.Solvers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bundled drl policy, served through ONNX Runtime as the planner runs it. */
class OnnxPolicyTest {

    @Test
    void theServedPolicysPlansRespectTheCapacitiesOfRandomCells() {
        Solver drl = Solvers.byName("drl", null);
        assertThat(drl.name()).isEqualTo("drl");
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            Problem problem = randomCell(random, 1 + random.nextInt(60), 1 + random.nextInt(30));
            Solution plan = drl.solve(problem);
            assertThat(plan.assignments()).hasSize(problem.devices().size());
            assertThat(plan.totalBandwidthBps())
                    .isLessThanOrEqualTo(problem.ingressBps() * (1 + 1e-9));
            assertThat(plan.totalComputeShare()).isLessThanOrEqualTo(1 + 1e-9);
            for (int i = 0; i < plan.assignments().size(); i++) {
                Assignment a = plan.assignments().get(i);
                Problem.Device d = problem.devices().get(i);
                assertThat(a.deviceId()).isEqualTo(d.id());
                assertThat(d.options()).contains(a.option());
                assertThat(a.bandwidthBps())
                        .isPositive()
                        .isLessThanOrEqualTo(d.context().uplinkCapacityBps() * (1 + 1e-9));
                assertThat(a.computeShare()).isBetween(0.0, 1.0);
                assertThat(a.option().deviceOnly() ? a.computeShare() == 0 : a.computeShare() > 0)
                        .isTrue();
            }
            assertThat(Double.isNaN(plan.objective())).isFalse();
        }
    }

    @Test
    void theSameCellGetsTheSamePlan() {
        Problem problem = randomCell(new Random(9), 25, 12);
        Solver drl = Solvers.byName("drl", null);
        List<SplitOption> first =
                drl.solve(problem).assignments().stream().map(Assignment::option).toList();
        List<SplitOption> again =
                drl.solve(problem).assignments().stream().map(Assignment::option).toList();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aPolicyThatIsNotTheManifestsOrWasTrainedOnOtherFeaturesIsRefused() throws IOException {
        byte[] onnx;
        JsonNode manifest;
        try (InputStream in = OnnxPolicy.class.getResourceAsStream(OnnxPolicy.BUNDLED + ".onnx");
                InputStream json =
                        OnnxPolicy.class.getResourceAsStream(OnnxPolicy.BUNDLED + ".json")) {
            onnx = in.readAllBytes();
            manifest = new ObjectMapper().readTree(json);
        }
        byte[] tampered = onnx.clone();
        tampered[tampered.length / 2] ^= 0x5A;
        assertThatThrownBy(() -> OnnxPolicy.load(tampered, manifest))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining("SHA-256");
        ObjectNode otherFeatures = manifest.deepCopy();
        otherFeatures.put("features_version", PolicyObservation.FEATURES_VERSION + 1);
        assertThatThrownBy(() -> OnnxPolicy.load(onnx, otherFeatures))
                .isInstanceOf(ModelIntegrityException.class)
                .hasMessageContaining("features version");
    }

    /**
     * Devices of the zoo's and the ImageNet family's scales, with device-only and split options.
     */
    private static Problem randomCell(Random random, int devices, int optionsPerDevice) {
        boolean slow = random.nextBoolean(); // seconds-long ImageNet frames or 20 ms zoo frames
        double scale = slow ? 10 : 1;
        List<Problem.Device> list = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            DeviceContext context =
                    new DeviceContext(
                            (slow ? 1 : 10) * (1 + random.nextDouble()),
                            1e4 + random.nextDouble() * 3e7,
                            0.01 + random.nextDouble() * 0.03,
                            scale * (random.nextBoolean() ? 0.2 : 0.06),
                            random.nextBoolean()
                                    ? TaskWeights.ACCURACY_SENSITIVE
                                    : TaskWeights.LATENCY_SENSITIVE);
            List<SplitOption> options = new ArrayList<>();
            for (int k = 0; k < optionsPerDevice; k++) {
                boolean local = k == 0 || random.nextDouble() < 0.1;
                options.add(
                        new SplitOption(
                                "v" + random.nextInt(3),
                                local ? 6 : random.nextInt(6),
                                "int8",
                                scale * random.nextDouble() * 0.05,
                                local ? 0 : scale * random.nextDouble() * 0.01,
                                local ? 40 : random.nextDouble() * 200_000,
                                0.6 + random.nextDouble() * 0.35));
            }
            list.add(new Problem.Device("d" + d, context, options));
        }
        return new Problem(list, 1e6 * devices * (0.5 + 2 * random.nextDouble()));
    }
}
