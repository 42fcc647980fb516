package io.tandem.cli.fleet;

import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.models.codec.CodecId;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import io.tandem.models.wire.FeatureFrames;
import io.tandem.schema.FeatureFrame;

/**
 * Frames as a device makes them: the repository's first evaluation image through the real head
 * slice and codec. Whoever sends one stamps its own device, frame id and times.
 */
public final class SampleFrames {

    private SampleFrames() {}

    public static FeatureFrame of(
            ModelRepository repository, String version, int partition, String codec) {
        Tensor image = LabeledImages.evaluationSubset(repository).batch(0, 1);
        SliceKey key = new SliceKey(version, partition, CodecId.parse(codec).bottleneck());
        Tensor features = repository.head(key).map(s -> SliceRunner.run(s, image)).orElse(image);
        return FeatureFrames.toFrame(
                new FeatureFrames.Header(
                        "sample", 0, repository.manifest().model(), version, partition, 0, 0, 0, 0),
                FeatureCodec.of(codec).encode(features));
    }
}
