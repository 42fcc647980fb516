package io.tandem.device.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.device.DeviceReport;
import io.tandem.planner.fleet.TaskKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetSummaryTest {

    private static FleetRunner.Member member(
            String id, long captured, long answered, double... latenciesMs) {
        DeviceReport report =
                new DeviceReport(
                        id,
                        captured,
                        answered,
                        captured - answered,
                        answered,
                        0,
                        0,
                        answered,
                        0,
                        0,
                        0,
                        0,
                        Map.of());
        return new FleetRunner.Member(id, "rpi4", TaskKind.LATENCY, "flat", report, latenciesMs);
    }

    @Test
    void theDeadlineShareCountsAnswersWithinTheDeadlineOverCapturedFrames() {
        FleetSummary summary =
                FleetSummary.of(
                        List.of(member("a", 5, 4, 10, 20, 60, 61)),
                        Map.of(TaskKind.LATENCY.label(), 60.0));
        FleetSummary.Row all = summary.rows().get(summary.rows().size() - 1);
        assertThat(all.deadlineMetShare()).as("3 of 5 captured").isCloseTo(0.6, within(1e-12));
        assertThat(all.p50Ms()).isEqualTo(20);
    }

    @Test
    void aSampleOfALongRunsLatenciesStandsForAllItsAnswers() {
        // 1,000 answers of which the device kept 4, half of them within the deadline
        FleetSummary summary =
                FleetSummary.of(
                        List.of(member("a", 2_000, 1_000, 10, 20, 70, 80)),
                        Map.of(TaskKind.LATENCY.label(), 60.0));
        FleetSummary.Row all = summary.rows().get(summary.rows().size() - 1);
        assertThat(all.deadlineMetShare()).as("500 of 2,000").isCloseTo(0.25, within(1e-12));
    }
}
