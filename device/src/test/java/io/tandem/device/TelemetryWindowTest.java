package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TelemetryWindowTest {

    private static final DeviceSettings SETTINGS =
            new DeviceSettings(
                    "cam-1",
                    "rpi4",
                    TaskKind.LATENCY_SENSITIVE,
                    60,
                    "fmnist-resnet",
                    "unused:9092",
                    KafkaClientProperties.none(),
                    new TopicCatalogue("t"),
                    1.0,
                    2.0,
                    10.0,
                    0,
                    "",
                    Optional.empty());
    private static final long WALL = 1_700_000_000_000_000L;

    @Test
    void isDueWhenItHasLastedItsPeriod() {
        TelemetryWindow window = new TelemetryWindow(SETTINGS, 15, 10.0);
        assertThat(window.due(11.99)).isFalse();
        assertThat(window.due(12.0)).isTrue();
    }

    @Test
    void reportsWhatChangedInTheWindowThenStartsAfresh() {
        TelemetryWindow window = new TelemetryWindow(SETTINGS, 15, 10.0);
        window.frameCaptured(0.010);
        window.frameCaptured(0.030);
        Telemetry first =
                window.close(
                        12.5,
                        WALL,
                        3,
                        new TelemetryWindow.Measured(7, 2, 4, 8e6, 0.045, Set.of("w50"), null, 0));

        assertThat(first.getDeviceId()).isEqualTo("cam-1");
        assertThat(first.getDeviceClass()).isEqualTo("rpi4");
        assertThat(first.getTaskKind()).isEqualTo(TaskKind.LATENCY_SENSITIVE);
        assertThat(first.getDeadlineMs()).isEqualTo(60);
        assertThat(first.getWindowEndMicros()).isEqualTo(WALL);
        assertThat(first.getWindowStartMicros())
                .as("2.5 s of device time before")
                .isEqualTo(WALL - 2_500_000);
        assertThat(first.getHeadComputeMs())
                .as("mean over the window's frames")
                .isCloseTo(20, within(1e-9));
        assertThat(first.getFramesSent()).isEqualTo(7);
        assertThat(first.getFramesDropped()).isEqualTo(2);
        assertThat(first.getQueueLength()).isEqualTo(4);
        assertThat(first.getUplinkThroughputBps()).isEqualTo(8e6);
        assertThat(first.getRttMs()).isCloseTo(45, within(1e-9));
        assertThat(first.getFrameRateHz())
                .as("the source's rate, whatever the plan admits")
                .isEqualTo(15);
        assertThat(first.getPlanEpoch()).isEqualTo(3);

        assertThat(window.due(14.4)).isFalse();
        window.frameCaptured(0.005);
        Telemetry second =
                window.close(
                        14.5,
                        WALL + 2_000_000,
                        4,
                        new TelemetryWindow.Measured(10, 2, 0, 0, 0, Set.of(), null, 0));
        assertThat(second.getWindowStartMicros()).as("where the first ended").isEqualTo(WALL);
        assertThat(second.getFramesSent()).as("totals become the window's change").isEqualTo(3);
        assertThat(second.getFramesDropped()).isZero();
        assertThat(second.getHeadComputeMs()).isCloseTo(5, within(1e-9));
    }

    @Test
    void aWindowWithoutFramesHasNoHeadTime() {
        TelemetryWindow window = new TelemetryWindow(SETTINGS, 15, 0);
        assertThat(
                        window.close(
                                        2,
                                        WALL,
                                        0,
                                        new TelemetryWindow.Measured(
                                                0, 0, 0, 0, 0, Set.of(), null, 0))
                                .getHeadComputeMs())
                .isZero();
    }
}
