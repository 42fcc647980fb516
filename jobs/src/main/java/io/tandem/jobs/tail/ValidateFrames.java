package io.tandem.jobs.tail;

import io.tandem.connectors.kafka.DeadLetters;
import io.tandem.models.repository.ManifestWatch;
import io.tandem.planner.online.NewestPlan;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.Plan;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per device (keyed by device id): frames on the first input, the planner's plans on the second. A
 * frame the edge cannot run goes whole to the dead-letter output with its reason; the others go on
 * as {@link TailRequest}s carrying the device's current edge-compute share, which the tail
 * schedules by. A frame sent under an older plan is answered too: while it waited (an outage, a
 * restart, the fleet's start) plans moved on, but its slice is still one the edge runs, and
 * refusing it would lose it.
 */
public final class ValidateFrames
        extends KeyedCoProcessFunction<String, ReceivedFrame, Plan, TailRequest> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private final String manifestFile;
    private final int maxPayloadBytes;

    private transient FrameCheck check;
    private transient ValueState<Long> newestEpoch;
    private transient ValueState<Double> computeShare;

    public ValidateFrames(String manifestFile, int maxPayloadBytes) {
        this.manifestFile = manifestFile;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(OpenContext context) {
        check = new FrameCheck(new ManifestWatch(Path.of(manifestFile)), maxPayloadBytes);
        newestEpoch =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("newest-plan-epoch", Types.LONG));
        computeShare =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("edge-compute-share", Types.DOUBLE));
    }

    @Override
    public void processElement1(ReceivedFrame received, Context ctx, Collector<TailRequest> out)
            throws Exception {
        FeatureFrame frame = received.frame;
        FrameCheck.Verdict verdict = check.check(frame);
        if (verdict instanceof FrameCheck.Rejected r) {
            ctx.output(DEAD_LETTERS, deadLetter(received, r.reason(), r.message()));
        } else if (verdict instanceof FrameCheck.Accepted a) {
            Double share = computeShare.value();
            out.collect(TailRequest.of(received, a, share == null ? 0 : share));
        }
    }

    @Override
    public void processElement2(Plan plan, Context ctx, Collector<TailRequest> out)
            throws Exception {
        if (NewestPlan.supersedes(plan.getEpoch(), newestEpoch.value())) {
            newestEpoch.update(plan.getEpoch());
            computeShare.update(plan.getEdgeComputeShare());
        }
    }

    private static DeadLetter deadLetter(
            ReceivedFrame received, DeadLetterReason reason, String message) {
        return DeadLetters.of(
                received.topic,
                received.partition,
                received.offset,
                received.key,
                received.value,
                reason,
                message,
                "validate",
                Clock.systemUTC());
    }
}
