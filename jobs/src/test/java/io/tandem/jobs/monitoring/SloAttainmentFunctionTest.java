package io.tandem.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.MonitorEvent;
import io.tandem.schema.RequestLatency;
import io.tandem.schema.SloAttainment;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SloAttainmentFunctionTest {

    @Test
    void reportsTheShareOfRequestsWithinTheDeviceDeadlinePerWindow() throws Exception {
        try (var harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new SloAttainmentFunction(10_000),
                        (MonitorEvent e) -> ((RequestLatency) e.getBody()).getDeviceId(),
                        Telemetry::getDeviceId,
                        Types.STRING)) {
            harness.open();
            harness.setProcessingTime(0);
            harness.processElement2(
                    new StreamRecord<>(
                            Telemetry.newBuilder()
                                    .setDeviceId("cam-1")
                                    .setTaskKind(TaskKind.LATENCY_SENSITIVE)
                                    .setDeadlineMs(60)
                                    .setWindowStartMicros(0)
                                    .setWindowEndMicros(1)
                                    .setUplinkThroughputBps(1)
                                    .setRttMs(1)
                                    .setHeadComputeMs(1)
                                    .setFramesSent(1)
                                    .setFramesDropped(0)
                                    .setQueueLength(0)
                                    .setCell("north")
                                    .build()));
            for (int i = 0; i < 20; i++) {
                harness.processElement1(new StreamRecord<>(latency("cam-1", i, i < 15 ? 40 : 90)));
            }
            harness.setProcessingTime(9_999);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.setProcessingTime(10_000);
            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            e -> {
                                SloAttainment slo = (SloAttainment) e.getBody();
                                assertThat(slo.getRequests()).isEqualTo(20);
                                assertThat(slo.getMetDeadline()).isEqualTo(15);
                                assertThat(slo.getP95LatencyMs()).isEqualTo(90.0);
                                assertThat(slo.getTaskKind()).isEqualTo(TaskKind.LATENCY_SENSITIVE);
                                assertThat(slo.getCell()).isEqualTo("north");
                            });
            harness.setProcessingTime(30_000);
            assertThat(harness.extractOutputValues()).as("no requests, no report").hasSize(1);
        }
    }

    private static MonitorEvent latency(String device, long frame, double totalMs) {
        return MonitorEvent.newBuilder()
                .setEventTimeMicros(frame)
                .setSource("edge/tail-0")
                .setBody(
                        RequestLatency.newBuilder()
                                .setDeviceId(device)
                                .setFrameId(frame)
                                .setVersion("w50")
                                .setPartition(2)
                                .setCodec("int8")
                                .setPayloadBytes(10)
                                .setHeadMs(1)
                                .setUplinkMs(1)
                                .setQueueMs(1)
                                .setEdgeComputeMs(1)
                                .setTotalMs(totalMs)
                                .setBatchSize(1)
                                .build())
                .build();
    }
}
