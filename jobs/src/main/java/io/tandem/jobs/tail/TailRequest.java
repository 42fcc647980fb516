package io.tandem.jobs.tail;

import io.tandem.models.Tensor;
import io.tandem.models.repository.SliceKey;

/**
 * A validated frame on its way to the tail: its decoded features, the slice that takes them, the
 * device's edge-compute share from its plan, and the timestamps it carries (epoch microseconds).
 * A Flink POJO (public fields, no-argument constructor) so it travels with Flink's own serializer.
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
    public long[] shape;
    public float[] features;

    public TailRequest() {
    }

    public SliceKey slice() {
        return new SliceKey(version, partition, bottleneck);
    }

    public Tensor tensor() {
        return new Tensor(features, shape);
    }
}
