package io.tandem.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardStateTest {

    private static final long T0 = 1_795_000_000L;

    @Test
    void foldsMonitoringTelemetryAndPlansIntoPerSecondSeriesAndValidJson() throws Exception {
        DashboardState state = new DashboardState();
        state.onAccuracy(T0 * 1000, Double.NaN); // nothing answered yet
        state.onTelemetry(DashboardEvents.telemetry("cam-1", T0));
        for (int i = 0; i < 10; i++) {
            state.onMonitor(DashboardEvents.latency("cam-1", i, 10 + i, T0 * 1_000_000 + i));
        }
        state.onMonitor(
                MonitorEvent.newBuilder()
                        .setEventTimeMicros((T0 + 1) * 1_000_000)
                        .setSource("edge/tail-0")
                        .setBody(
                                EdgeLoad.newBuilder()
                                        .setWindowMs(1000)
                                        .setUtilization(0.25)
                                        .setRequestsPerSecond(10)
                                        .setQueueLengths(Map.of())
                                        .build())
                        .build());
        Plan plan = DashboardEvents.plan("cam-1", 3);
        state.onMonitor(DashboardEvents.planChange(plan, (T0 + 1) * 1_000_000));
        state.onPlan(
                Plan.newBuilder(plan)
                        .setEpoch(2)
                        .build()); // an older epoch replayed from the topic does not win
        state.onAccuracy((T0 + 1) * 1000, 0.9);

        DashboardSnapshot snapshot = state.snapshot();
        assertThat(snapshot.time()).containsExactly(T0, T0 + 1);
        DashboardSnapshot.Series series = snapshot.series();
        assertThat(series.latencyMs()).containsOnlyKeys("accuracy", "latency");
        assertThat(series.latencyMs().get("latency").p50()).containsExactly(14.0, null);
        assertThat(series.latencyMs().get("latency").p95()).containsExactly(19.0, null);
        assertThat(series.latencyMs().get("accuracy").p50()).containsExactly(null, null);
        assertThat(series.edgeUtilization()).containsExactly(null, 0.25);
        assertThat(series.accuracy()).containsExactly(null, 0.9);
        assertThat(series.uplinkMbps()).containsOnlyKeys("cam-1");
        assertThat(snapshot.deadlines()).isEqualTo(Map.of("latency", 60.0));
        DashboardSnapshot.DeviceRow device = snapshot.devices().get(0);
        assertThat(device.epoch()).isEqualTo(3L);
        assertThat(device.split()).isEqualTo("w50 / p2 / int8");
        assertThat(device.versions()).isEqualTo("w25,w50 (fetching w100)");
        assertThat(device.kind()).isEqualTo("latency");
        assertThat(device.deviceClass()).isEqualTo("rpi4");
        assertThat(device.p50Ms()).isEqualTo(14.0);
        assertThat(snapshot.planChanges())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.epoch()).isEqualTo(3L);
                            assertThat(c.cell()).isEqualTo("north");
                            assertThat(c.time()).isEqualTo((T0 + 1) * 1000);
                            assertThat(c.gap()).isNull();
                        });
        assertThat(snapshot.totals()).isEqualTo(new DashboardSnapshot.Totals(10, 1, 1));
        // The page parses it with JSON.parse: no NaN or Infinity tokens.
        String json = new ObjectMapper().writeValueAsString(snapshot);
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
    }
}
