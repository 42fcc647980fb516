package io.tandem.planner.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.planner.profile.ScissionCatalogs;
import io.tandem.planner.solve.Prices;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A device says which versions it holds: the planner moves it onto another only when that beats the
 * best plan on what it holds by the download margin.
 */
class HeldVersionsTest {

    private static final SplitOptionCatalog IMAGENET =
            ScissionCatalogs.family(
                    Path.of(System.getProperty("tandem.repo.root", ".."))
                            .resolve("data/profiles/imagenet-family.json"));

    @Test
    void aVersionToDownloadMustBeatTheHeldOnesByTheMargin() {
        // A latency-sensitive Pi 4 on 20 Mbit/s: MobileNet is its best plan.
        assertThat(planOf(stats(List.of())).getVersion())
                .as("a device that does not say what it holds")
                .isEqualTo("mobilenet");
        assertThat(planOf(stats(List.of("mobilenetv2"))).getVersion())
                .as("MobileNetV2 is within the margin of MobileNet: no download")
                .isEqualTo("mobilenetv2");
        assertThat(planOf(stats(List.of("resnet50"))).getVersion())
                .as("ResNet-50 is far behind: worth the download")
                .isEqualTo("mobilenet");
        assertThat(planOf(stats(List.of("resnet50", "mobilenet"))).getVersion())
                .isEqualTo("mobilenet");
    }

    private static Plan planOf(DeviceStatistics device) {
        CellPlanner planner =
                new CellPlanner(
                        IMAGENET,
                        PlannerSettings.defaults()
                                .with(PlannerSettings.INGRESS_MBPS, 30.0)
                                .with(PlannerSettings.EDGE_GFLOPS, 150.0)
                                .with(PlannerSettings.CODECS, List.of()));
        return planner.replan(
                        List.of(device),
                        Map.of(),
                        Map.of(),
                        1.0,
                        Prices.NONE,
                        PlanReason.PERIODIC,
                        0)
                .plans()
                .get(0);
    }

    private static DeviceStatistics stats(List<String> held) {
        DeviceStatistics s = DeviceStatistics.of("pi-1");
        s.update(
                Telemetry.newBuilder()
                        .setDeviceId("pi-1")
                        .setDeviceClass("rpi4")
                        .setTaskKind(TaskKind.LATENCY_SENSITIVE)
                        .setDeadlineMs(600)
                        .setWindowStartMicros(0)
                        .setWindowEndMicros(1_000_000)
                        .setUplinkThroughputBps(20e6)
                        .setRttMs(20)
                        .setHeadComputeMs(0)
                        .setFramesSent(1)
                        .setFramesDropped(0)
                        .setQueueLength(0)
                        .setFrameRateHz(1)
                        .setPlanEpoch(0)
                        .setHeldVersions(held)
                        .build(),
                5,
                1_000);
        return s;
    }
}
