package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.repository.ModelRepository;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.Plan;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import io.tandem.testkit.Plans;
import io.tandem.testkit.Zoo;
import io.tandem.traces.BandwidthTrace;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The agent's thread steps, called in turn on virtual time against an in-memory transport whose
 * stand-in edge answers every frame at once: what a run measures, frame by frame.
 */
class DeviceAgentStepsTest {

    private static final DeviceSettings SETTINGS =
            new DeviceSettings(
                    "cam-1",
                    "rpi4",
                    TaskKind.ACCURACY_SENSITIVE,
                    200,
                    "fmnist-resnet",
                    "unused:9092",
                    KafkaClientProperties.none(),
                    new TopicCatalogue("steps"),
                    1.0,
                    1.0,
                    10.0,
                    0,
                    "",
                    Optional.empty());
    private static final BandwidthTrace LINK =
            new BandwidthTrace("flat-20mbps", new double[] {600}, new double[] {20e6});

    /**
     * The stand-in edge holds each frame this long; the network takes the rest of the answer's
     * delay.
     */
    private static final long AT_EDGE_MICROS = 4_000;

    private static final double NETWORK_SECONDS = 0.010;

    private static final ModelRepository repository = Zoo.repository();
    private static final LabeledImages images = Zoo.images();

    private final VirtualDeviceClock clock = new VirtualDeviceClock();
    private final InMemoryTransport transport = new InMemoryTransport();

    private DeviceAgent agent() {
        DeviceAgent agent =
                new DeviceAgent(
                        SETTINGS,
                        safeDefault(),
                        new HeadStage(repository),
                        images,
                        new UplinkShaper(LINK, 0, clock),
                        clock,
                        () -> transport);
        agent.open();
        agent.begin(clock.now());
        return agent;
    }

    private static Plan safeDefault() {
        return SafeDefaultPlan.of("cam-1", "fmnist-resnet", "w25", 6, "float32", 20);
    }

    private static Plan halfRatePlan() {
        return Plan.newBuilder(Plans.plan("cam-1", 1, 0.5))
                .setUplinkBandwidthBps(5e6)
                .setSolver("tandem")
                .build();
    }

    private int label(FeatureFrame frame) {
        return images.labels()[(int) (frame.getFrameId() % images.count())];
    }

    @Test
    void everyFrameIsAnsweredOnceAndAPlanIsTakenUpAtAFrameBoundary() throws InterruptedException {
        DeviceAgent agent = agent();
        int answeredSoFar = 0;
        long repeats = 0;
        for (int step = 0; step < 80; step++) { // 2 s at 20 Hz, then 4 s at 10 Hz
            if (step == 40) {
                transport.deliverPlan(halfRatePlan());
                agent.followPlans(Duration.ZERO);
            }
            agent.captureNext();
            while (agent.sendNext(0)) {
                // everything queued goes out
            }
            clock.advance(NETWORK_SECONDS);
            for (FeatureFrame frame :
                    transport.features.subList(answeredSoFar, transport.features.size())) {
                // odd frames answered wrongly, every tenth answered twice (at-least-once delivery)
                int answer = frame.getFrameId() % 2 == 0 ? label(frame) : (label(frame) + 1) % 10;
                transport.deliverResult(Answers.to(frame, answer, AT_EDGE_MICROS));
                if (frame.getFrameId() % 10 == 0) {
                    transport.deliverResult(Answers.to(frame, answer, AT_EDGE_MICROS));
                    repeats++;
                }
            }
            answeredSoFar = transport.features.size();
            agent.readResults(Duration.ZERO);
        }
        DeviceReport report = agent.report();

        assertThat(report.captured()).isEqualTo(80);
        assertThat(report.sent()).isEqualTo(report.captured());
        assertThat(report.answered()).isEqualTo(report.sent());
        assertThat(report.dropped()).isZero();
        assertThat(report.unanswered()).isZero();
        assertThat(report.duplicates()).isEqualTo(repeats);
        assertThat(report.correct()).as("the even frames").isEqualTo(report.captured() / 2);
        assertThat(report.planSwitches()).isEqualTo(1);
        assertThat(report.framesByPlan())
                .containsEntry("0:w25/6/float32", 40L)
                .containsEntry("1:w100/3/int8", 40L);

        List<FeatureFrame> frames = transport.features;
        for (int i = 0; i < frames.size(); i++) {
            FeatureFrame frame = frames.get(i);
            assertThat(frame.getFrameId()).isEqualTo(i);
            assertThat(frame.getPlanEpoch()).as("frame " + i).isEqualTo(i < 40 ? 0L : 1L);
            assertThat(frame.getVersion() + "/" + frame.getPartition() + "/" + frame.getCodec())
                    .isEqualTo(i < 40 ? "w25/6/float32" : "w100/3/int8");
            if (i > 0) {
                double gap =
                        (frame.getCapturedAtMicros() - frames.get(i - 1).getCapturedAtMicros())
                                / 1e6;
                assertThat(gap)
                        .as("paced at the rate of the plan of the frame before")
                        .isCloseTo(i <= 40 ? 0.05 : 0.1, within(1e-5));
            }
        }

        List<Telemetry> windows = transport.telemetry;
        assertThat(windows).hasSize(5);
        assertThat(windows)
                .allSatisfy(
                        t -> {
                            assertThat(t.getDeviceId()).isEqualTo("cam-1");
                            assertThat(t.getFrameRateHz())
                                    .as("offered, not admitted")
                                    .isEqualTo(20);
                            assertThat(t.getFramesDropped()).isZero();
                        });
        assertThat(windows.get(0).getFramesSent()).isBetween(19, 21);
        assertThat(windows.get(4).getFramesSent()).isBetween(9, 11);
        assertThat(windows.get(4).getPlanEpoch()).isEqualTo(1);
        assertThat(windows.get(4).getRttMs())
                .as("network only: the edge's 4 ms are not in it")
                .isCloseTo(NETWORK_SECONDS * 1000 - AT_EDGE_MICROS / 1000.0, within(1e-3));
        assertThat(windows.get(4).getUplinkThroughputBps())
                .as("the link's rate")
                .isCloseTo(20e6, within(1.0));

        DeviceProgress progress = agent.progress();
        assertThat(progress.answered()).isEqualTo(report.answered());
        assertThat(progress.planEpoch()).isEqualTo(1);
        assertThat(progress.recentLatencyMs()).hasSize(80);
        // capture to answer: the link's time for the frame (up to 10 ms for int8 at 5 Mbit/s), then
        // the network's 10 ms
        assertThat(Arrays.stream(progress.recentLatencyMs()).min().orElseThrow())
                .isGreaterThanOrEqualTo(10 - 1e-6);
        assertThat(Arrays.stream(progress.recentLatencyMs()).max().orElseThrow()).isLessThan(21);
    }

    @Test
    void framesWaitingPastTheBacklogBoundAreDroppedAndNotAwaited() throws InterruptedException {
        DeviceAgent agent = agent();
        for (int step = 0; step < 60; step++) { // 3 s at 20 Hz, and the uplink never gets a turn
            agent.captureNext();
        }
        DeviceReport report = agent.report();
        List<Telemetry> windows = transport.telemetry;

        assertThat(report.sent()).isZero();
        assertThat(report.dropped()).as("all but the last second's").isBetween(60L - 21, 60L - 19);
        assertThat(report.unanswered())
                .as("only the frames still waiting")
                .isEqualTo(report.captured() - report.dropped());
        assertThat(windows).hasSize(2);
        assertThat(windows.get(1).getQueueLength())
                .as("bounded by a second's frames")
                .isBetween(20, 21);
        assertThat(windows.stream().mapToInt(Telemetry::getFramesDropped).sum()).isPositive();
    }

    @Test
    void aFrameTheTransportCannotDeliverFailsTheRunAndTheTransportIsClosed() {
        DeviceClock realTime = DeviceClock.system();
        transport.failPublishing(new IllegalStateException("broker gone"));
        DeviceAgent agent =
                new DeviceAgent(
                        SETTINGS,
                        safeDefault(),
                        new HeadStage(repository),
                        images,
                        new UplinkShaper(LINK, 0, realTime),
                        realTime,
                        () -> transport);

        assertThatThrownBy(() -> agent.run(30))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cam-1")
                .hasMessageContaining("broker gone");
        assertThat(transport.closed).isTrue();
    }
}
