package io.tandem.planner.drl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.cost.TaskWeights;
import io.tandem.planner.solve.Problem;
import io.tandem.planner.solve.RandomProblems;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PolicyObservationTest {

    @Test
    void everyFeatureIsFiniteAndPaddingIsMaskedOut() {
        Problem problem = RandomProblems.generate(new Random(7), 9, 1);
        List<Problem.Device> devices = new java.util.ArrayList<>(problem.devices());
        Problem.Device wide = RandomProblems.generate(new Random(8), 1, 6).devices().get(0);
        devices.set(4, new Problem.Device("wide", wide.context(), wide.options()));
        PolicyObservation obs = PolicyObservation.of(new Problem(devices, problem.ingressBps()));
        assertThat(obs.width()).isEqualTo(6);
        assertThat(obs.device()).hasSize(9 * PolicyObservation.DEVICE_FEATURES);
        assertThat(obs.options()).hasSize(9 * 6 * PolicyObservation.OPTION_FEATURES);
        for (float f : obs.device()) {
            assertThat(Float.isFinite(f)).isTrue();
        }
        for (float f : obs.options()) {
            assertThat(Float.isFinite(f)).isTrue();
        }
        for (int i = 0; i < 9; i++) {
            float open = 0;
            for (int k = 0; k < 6; k++) {
                boolean real = i == 4 || k == 0;
                if (!real) {
                    assertThat(obs.mask()[i * 6 + k]).as("device %d padding %d", i, k).isZero();
                }
                open += obs.mask()[i * 6 + k];
            }
            assertThat(open).as("options open to device %d", i).isPositive();
        }
        assertThat(obs.ids().get(4)).isEqualTo("wide");
    }

    @Test
    void anOptionThatCannotKeepUpEvenOnTheWholeLinkIsMaskedUnlessNothingCan() {
        DeviceContext context =
                new DeviceContext(10, 1e6, 0.02, 0.2, TaskWeights.LATENCY_SENSITIVE);
        SplitOption input = new SplitOption("v", 0, "float32", 0, 0.01, 2e4, 0.9); // 0.16 s a frame
        SplitOption cut = new SplitOption("v", 3, "int8", 0.02, 0.005, 2e3, 0.89);
        SplitOption local = new SplitOption("v", 6, "float32", 0.05, 0, 40, 0.88);
        SplitOption slowLocal = new SplitOption("v", 6, "float32", 0.2, 0, 40, 0.9); // 2 s/s
        Problem cell =
                new Problem(
                        List.of(new Problem.Device("d", context, List.of(input, cut, local))), 1e7);
        assertThat(PolicyObservation.of(cell).mask())
                .as("the input's 1.6 Mbit/s do not fit a 1 Mbit/s link")
                .containsExactly(0f, 1f, 1f);
        Problem narrowIngress =
                new Problem(
                        List.of(new Problem.Device("d", context, List.of(input, cut, local))), 1e5);
        assertThat(PolicyObservation.of(narrowIngress).mask())
                .as("the cell's 0.1 Mbit/s ingress caps the link")
                .containsExactly(0f, 0f, 1f);
        Problem hopeless =
                new Problem(
                        List.of(new Problem.Device("d", context, List.of(input, slowLocal))), 1e7);
        assertThat(PolicyObservation.of(hopeless).mask())
                .as("nothing keeps up: both stay open")
                .containsExactly(1f, 1f);
    }

    @Test
    void anOptionThatCannotKeepUpLooksHopelessNotInfinite() {
        DeviceContext context =
                new DeviceContext(10, 1e6, 0.02, 0.2, TaskWeights.ACCURACY_SENSITIVE);
        SplitOption tooBig = new SplitOption("v", 0, "float32", 0, 0.01, 1e6, 0.9); // 8 s a frame
        SplitOption fine = new SplitOption("v", 6, "float32", 0.01, 0, 40, 0.88);
        PolicyObservation obs =
                PolicyObservation.of(
                        new Problem(
                                List.of(new Problem.Device("d", context, List.of(tooBig, fine))),
                                1e7));
        int cost = 9;
        float hopeless = obs.options()[cost];
        float feasible = obs.options()[PolicyObservation.OPTION_FEATURES + cost];
        assertThat(hopeless).isEqualTo((float) Math.log1p(50));
        assertThat(feasible).isLessThan(hopeless);
        assertThat(obs.options()[PolicyObservation.OPTION_FEATURES + 8])
                .as("device-only flag")
                .isEqualTo(1f);
    }
}
