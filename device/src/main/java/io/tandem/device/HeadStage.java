package io.tandem.device;

import ai.onnxruntime.OrtSession;
import io.tandem.device.models.DeviceModels;
import io.tandem.device.models.Readiness;
import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.models.codec.CodecId;
import io.tandem.models.codec.EncodedFeatures;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import io.tandem.schema.Plan;
import java.util.Optional;

/**
 * The device's share of the work for one frame: the head slice of the plan's (version, partition,
 * variant), then the plan's codec. At partition 0 there is no head and the input itself is encoded;
 * at the last partition the head is the whole model and its logits travel.
 */
public final class HeadStage {

    private final DeviceModels models;

    /** A device that runs only the versions installed with it. */
    public HeadStage(ModelRepository repository) {
        this(DeviceModels.installedOnly(repository));
    }

    public HeadStage(DeviceModels models) {
        this.models = models;
    }

    public DeviceModels models() {
        return models;
    }

    public EncodedFeatures run(Plan plan, Tensor image) {
        SliceKey key = sliceOf(plan);
        Optional<OrtSession> head = models.repositoryFor(key.version()).head(key);
        Tensor features = head.map(session -> SliceRunner.run(session, image)).orElse(image);
        return FeatureCodec.of(plan.getCodec()).encode(features);
    }

    /**
     * Floating-point operations of the plan's head slice (0 at partition 0, where there is none).
     */
    public long headFlops(Plan plan) {
        SliceKey key = sliceOf(plan);
        var head = models.repositoryFor(key.version()).variant(key).head();
        return head == null ? 0 : head.flops();
    }

    /**
     * Whether the device can run the plan now (another model, an unknown slice or codec: never; a
     * version it lacks: once downloaded).
     */
    public Readiness readiness(Plan plan) {
        try {
            CodecId.parse(plan.getCodec());
        } catch (RuntimeException e) {
            return Readiness.refused(e.getMessage());
        }
        return models.readiness(plan);
    }

    /** The slice a plan names: bottleneck variants are the codecs spelled {@code bn-...}. */
    public static SliceKey sliceOf(Plan plan) {
        return new SliceKey(
                plan.getVersion(), plan.getPartition(), CodecId.isBottleneck(plan.getCodec()));
    }
}
