package io.tandem.planner.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlDataChecksTest {

    @Test
    void aRealWindowPassesAndPoisonedOnesDoNot() {
        assertThat(TelemetryCheck.problem(window().build())).isEmpty();
        assertThat(TelemetryCheck.problem(window().setUplinkThroughputBps(Double.NaN).build()))
                .hasValueSatisfying(m -> assertThat(m).contains("uplinkThroughputBps"));
        assertThat(TelemetryCheck.problem(window().setRttMs(Double.POSITIVE_INFINITY).build()))
                .isPresent();
        assertThat(TelemetryCheck.problem(window().setFrameRateHz(1e6).build()))
                .hasValueSatisfying(m -> assertThat(m).contains("frameRateHz"));
        assertThat(TelemetryCheck.problem(window().setFramesSent(-3).build())).isPresent();
        assertThat(TelemetryCheck.problem(window().setDeadlineMs(0).build())).isPresent();
        assertThat(TelemetryCheck.problem(window().setEnergyJoules(Double.NaN).build()))
                .isPresent();
        assertThat(TelemetryCheck.problem(window().setWindowEndMicros(0).build()))
                .hasValueSatisfying(m -> assertThat(m).contains("window"));
        assertThat(TelemetryCheck.problem(window().setDeviceId(" ").build())).isPresent();
    }

    @Test
    void aWindowFromACellThisEdgeDoesNotPlanIsRefused() {
        List<String> cells = List.of(CellBudget.DEFAULT, "north");
        assertThat(TelemetryCheck.problem(window().build(), cells)).isEmpty();
        assertThat(TelemetryCheck.problem(window().setCell("north").build(), cells)).isEmpty();
        assertThat(TelemetryCheck.problem(window().setCell("south").build(), cells))
                .hasValueSatisfying(m -> assertThat(m).contains("'south'").contains("'north'"));
        // The value checks still come first.
        assertThat(TelemetryCheck.problem(window().setRttMs(-1).setCell("north").build(), cells))
                .hasValueSatisfying(m -> assertThat(m).contains("rttMs"));
    }

    @Test
    void aPlanADeviceCouldNotFollowIsRefused() {
        assertThat(PlanCheck.problem(plan().build())).isEmpty();
        assertThat(PlanCheck.problem(plan().setFrameRateHz(Double.POSITIVE_INFINITY).build()))
                .isPresent();
        assertThat(PlanCheck.problem(plan().setFrameRateHz(0).build()))
                .hasValueSatisfying(m -> assertThat(m).contains("frame rate"));
        assertThat(PlanCheck.problem(plan().setUplinkBandwidthBps(Double.NaN).build())).isPresent();
        assertThat(PlanCheck.problem(plan().setUplinkBandwidthBps(0).build())).isEmpty();
        assertThat(PlanCheck.problem(plan().setEdgeComputeShare(1.5).build())).isPresent();
        assertThat(PlanCheck.problem(plan().setEpoch(0).build())).isPresent();
        assertThat(PlanCheck.problem(plan().setExpectedLatencyMs(Double.NaN).build())).isPresent();
    }

    private static Telemetry.Builder window() {
        return Telemetry.newBuilder()
                .setDeviceId("cam-1")
                .setDeviceClass("rpi4")
                .setTaskKind(TaskKind.LATENCY_SENSITIVE)
                .setDeadlineMs(60)
                .setWindowStartMicros(0)
                .setWindowEndMicros(1_000_000)
                .setUplinkThroughputBps(5e6)
                .setRttMs(20)
                .setHeadComputeMs(3)
                .setFramesSent(10)
                .setFramesDropped(0)
                .setQueueLength(0)
                .setFrameRateHz(10)
                .setPlanEpoch(1);
    }

    private static Plan.Builder plan() {
        return Plan.newBuilder()
                .setDeviceId("cam-1")
                .setEpoch(2)
                .setModelId("m")
                .setVersion("w50")
                .setPartition(2)
                .setCodec("int8")
                .setUplinkBandwidthBps(2e6)
                .setEdgeComputeShare(0.5)
                .setFrameRateHz(10)
                .setValidFromMicros(0)
                .setReason(PlanReason.PERIODIC);
    }
}
