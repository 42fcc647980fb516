package io.tandem.device;

import ai.onnxruntime.OrtSession;
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

    private final ModelRepository repository;

    public HeadStage(ModelRepository repository) {
        this.repository = repository;
    }

    public EncodedFeatures run(Plan plan, Tensor image) {
        SliceKey key = sliceOf(plan);
        Optional<OrtSession> head = repository.head(key);
        Tensor features = head.map(session -> SliceRunner.run(session, image)).orElse(image);
        return FeatureCodec.of(plan.getCodec()).encode(features);
    }

    /**
     * Floating-point operations of the plan's head slice (0 at partition 0, where there is none).
     */
    public long headFlops(Plan plan) {
        var head = repository.variant(sliceOf(plan)).head();
        return head == null ? 0 : head.flops();
    }

    /** Why this device cannot run the plan (another model, an unknown slice or codec), or empty. */
    public Optional<String> problem(Plan plan) {
        if (!repository.manifest().model().equals(plan.getModelId())) {
            return Optional.of(
                    "plan for model "
                            + plan.getModelId()
                            + ", the device has "
                            + repository.manifest().model());
        }
        try {
            CodecId.parse(plan.getCodec());
            repository.variant(sliceOf(plan));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The slice a plan names: bottleneck variants are the codecs spelled {@code bn-...}. */
    public static SliceKey sliceOf(Plan plan) {
        return new SliceKey(
                plan.getVersion(), plan.getPartition(), CodecId.isBottleneck(plan.getCodec()));
    }
}
