package io.tandem.jobs;

import io.tandem.jobs.monitoring.SloAttainmentFunction;
import io.tandem.jobs.planning.CellFanOut;
import io.tandem.jobs.planning.DeviceStatisticsFunction;
import io.tandem.jobs.planning.PlannerFunction;
import io.tandem.jobs.tail.ReceivedFrame;
import io.tandem.jobs.tail.TailInferenceOperator;
import io.tandem.jobs.tail.TailRequest;
import io.tandem.jobs.tail.ValidateFrames;
import io.tandem.planner.online.DeviceStatistics;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.Plan;
import io.tandem.schema.RequestLatency;
import io.tandem.schema.Telemetry;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

/**
 * The edge's dataflow, between sources and sinks, so tests can run it on bounded inputs and
 * collecting sinks:
 *
 * <pre>
 *  features ─► decode ─► validate (keyed by device; plans give epochs and shares) ─► tail inference ─► results
 *                              │                                                     ├─► request latencies ─┐
 *  plans ──────────────────────┘                                                     └─► edge load ─┐       ├─► monitoring
 *  telemetry ─► decode ─► device statistics (keyed by device) ─► planner (keyed by cell) ◄──────────┘       │
 *  models ─► decode ─────────────────────────────────────────────────┘ (versions to plan)                    │
 *                                                                 ├─► plans                                 │
 *                                                                 └─► plan changes ─────────────────────────┘
 *  request latencies + telemetry ─► SLO attainment per device every 10 s ─► monitoring
 *  anything undecodable or invalid ─► dead letters
 * </pre>
 *
 * The planner's plans reach the validator through the plans topic, as they reach devices, so the
 * graph has no cycle and the validator sees what devices see.
 */
public final class EdgeWorkflow {

    /** Period of the per-device SLO attainment reports. */
    static final long SLO_WINDOW_MILLIS = 10_000;

    public record Inputs(
            DataStream<Either<DeadLetter, ReceivedFrame>> frames,
            DataStream<Either<DeadLetter, Telemetry>> telemetry,
            DataStream<Either<DeadLetter, Plan>> plans,
            DataStream<Either<DeadLetter, ModelAnnouncement>> models) {}

    public record Outputs(
            DataStream<InferenceResult> results,
            DataStream<Plan> plans,
            DataStream<MonitorEvent> monitoring,
            DataStream<DeadLetter> deadLetters) {}

    private EdgeWorkflow() {}

    public static Outputs define(Inputs in, EdgeJobConfig config) {
        String manifest = config.manifestFile().toString();
        SingleOutputStreamOperator<ReceivedFrame> frames =
                in.frames()
                        .process(new DeadLetterSplit<>())
                        .returns(TypeInformation.of(ReceivedFrame.class))
                        .name("decode frames");
        SingleOutputStreamOperator<Telemetry> telemetry =
                in.telemetry()
                        .process(new DeadLetterSplit<>())
                        .returns(new AvroTypeInfo<>(Telemetry.class))
                        .name("decode telemetry");
        SingleOutputStreamOperator<Plan> knownPlans =
                in.plans()
                        .process(new DeadLetterSplit<>())
                        .returns(new AvroTypeInfo<>(Plan.class))
                        .name("decode plans");

        SingleOutputStreamOperator<ModelAnnouncement> announcements =
                in.models()
                        .process(new DeadLetterSplit<>())
                        .returns(new AvroTypeInfo<>(ModelAnnouncement.class))
                        .name("decode models");

        SingleOutputStreamOperator<TailRequest> requests =
                frames.keyBy(f -> f.frame.getDeviceId(), Types.STRING)
                        .connect(knownPlans.keyBy(Plan::getDeviceId, Types.STRING))
                        .process(new ValidateFrames(manifest, config.tail().maxPayloadBytes()))
                        .returns(TypeInformation.of(TailRequest.class))
                        .name("validate")
                        .uid("validate");

        SingleOutputStreamOperator<InferenceResult> results =
                requests.transform(
                                "tail inference",
                                new AvroTypeInfo<>(InferenceResult.class),
                                new TailInferenceOperator(
                                        config.modelRoot().toAbsolutePath().toString(),
                                        config.modelId(),
                                        config.tail()))
                        .uid("tail-inference");
        DataStream<MonitorEvent> tailMonitoring =
                results.getSideOutput(TailInferenceOperator.MONITORING);

        SingleOutputStreamOperator<DeviceStatistics> statistics =
                telemetry
                        .keyBy(Telemetry::getDeviceId, Types.STRING)
                        .process(new DeviceStatisticsFunction(config.planner().keepWindows()))
                        .returns(TypeInformation.of(DeviceStatistics.class))
                        .name("device statistics")
                        .uid("device-statistics");
        TypeInformation<Either<MonitorEvent, ModelAnnouncement>> signalType =
                Types.EITHER(
                        new AvroTypeInfo<>(MonitorEvent.class),
                        new AvroTypeInfo<>(ModelAnnouncement.class));
        DataStream<Tuple2<String, Either<MonitorEvent, ModelAnnouncement>>> planningSignals =
                tailMonitoring
                        .filter(e -> e.getBody() instanceof EdgeLoad)
                        .name("edge load")
                        .map(e -> Either.<MonitorEvent, ModelAnnouncement>Left(e))
                        .returns(signalType)
                        .union(
                                announcements
                                        .map(a -> Either.<MonitorEvent, ModelAnnouncement>Right(a))
                                        .returns(signalType))
                        .flatMap(new CellFanOut<>(config.planner().cellNames()))
                        .returns(Types.TUPLE(Types.STRING, signalType))
                        .name("to every cell");
        // Keyed by cell: cells plan in parallel, each on its own budget.
        SingleOutputStreamOperator<Plan> plans =
                statistics
                        .keyBy(s -> s.cell, Types.STRING)
                        .connect(planningSignals.keyBy(t -> t.f0, Types.STRING))
                        .process(new PlannerFunction(manifest, config.planner()))
                        .returns(new AvroTypeInfo<>(Plan.class))
                        .name("planner")
                        .uid("planner");

        DataStream<MonitorEvent> slo =
                tailMonitoring
                        .filter(e -> e.getBody() instanceof RequestLatency)
                        .name("request latencies")
                        .keyBy(e -> ((RequestLatency) e.getBody()).getDeviceId(), Types.STRING)
                        .connect(telemetry.keyBy(Telemetry::getDeviceId, Types.STRING))
                        .process(new SloAttainmentFunction(SLO_WINDOW_MILLIS))
                        .returns(new AvroTypeInfo<>(MonitorEvent.class))
                        .name("SLO attainment")
                        .uid("slo-attainment");

        DataStream<MonitorEvent> monitoring =
                tailMonitoring.union(plans.getSideOutput(PlannerFunction.MONITORING), slo);
        DataStream<DeadLetter> deadLetters =
                frames.getSideOutput(DeadLetterSplit.DEAD_LETTERS)
                        .union(
                                telemetry.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                                knownPlans.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                                announcements.getSideOutput(DeadLetterSplit.DEAD_LETTERS),
                                requests.getSideOutput(ValidateFrames.DEAD_LETTERS),
                                results.getSideOutput(TailInferenceOperator.DEAD_LETTERS));
        return new Outputs(results, plans, monitoring, deadLetters);
    }
}
