package io.tandem.jobs.tail;

import io.tandem.models.Tensor;
import io.tandem.models.repository.SliceKey;
import io.tandem.schema.FeatureFrame;

/**
 * A validated frame on its way to the tail: its decoded features, the slice that takes them, the
 * device's edge-compute share from its plan, and the timestamps it carries (epoch microseconds). A
 * Flink POJO (public fields, no-argument constructor) so it travels with Flink's own serializer.
 */
public class TailRequest {

    public String deviceId;
    public long frameId;
    public String modelId;
    public String version;
    public int partition;
    public boolean bottleneck;
    public String codec;
    public long planEpoch;
    public double computeShare;
    public int payloadBytes;
    public long capturedAtMicros;
    public long headDoneAtMicros;
    public long sentAtMicros;
    public long receivedAtMicros;

    /** Where the frame was read, so a request the tail cannot run can be dead-lettered by it. */
    public String sourceTopic;

    public int sourcePartition;
    public long sourceOffset;
    public long[] shape;
    public float[] features;

    public TailRequest() {}

    /**
     * The request for a frame the validator accepted, under the device's current edge-compute
     * share.
     */
    public static TailRequest of(
            ReceivedFrame received, FrameCheck.Accepted accepted, double computeShare) {
        FeatureFrame frame = received.frame;
        TailRequest r = new TailRequest();
        r.deviceId = frame.getDeviceId();
        r.frameId = frame.getFrameId();
        r.modelId = frame.getModelId();
        r.version = accepted.slice().version();
        r.partition = accepted.slice().partition();
        r.bottleneck = accepted.slice().bottleneck();
        r.codec = frame.getCodec();
        r.planEpoch = frame.getPlanEpoch();
        r.computeShare = computeShare;
        r.payloadBytes = frame.getPayload().remaining();
        r.capturedAtMicros = frame.getCapturedAtMicros();
        r.headDoneAtMicros = frame.getHeadDoneAtMicros();
        r.sentAtMicros = frame.getSentAtMicros();
        r.receivedAtMicros = received.receivedAtMicros;
        r.sourceTopic = received.topic;
        r.sourcePartition = received.partition;
        r.sourceOffset = received.offset;
        r.shape = accepted.features().shape();
        r.features = accepted.features().values();
        return r;
    }

    public SliceKey slice() {
        return new SliceKey(version, partition, bottleneck);
    }

    public Tensor tensor() {
        return new Tensor(features, shape);
    }
}
