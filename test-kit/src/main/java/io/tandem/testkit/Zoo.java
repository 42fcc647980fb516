package io.tandem.testkit;

import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.models.codec.CodecId;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import io.tandem.models.wire.FeatureFrames;
import io.tandem.schema.FeatureFrame;
import java.nio.file.Path;

/** The checkout's model zoo, and real frames made from its test images by its head slices. */
public final class Zoo {

    public static final Path ROOT = Checkout.ZOO;
    public static final String MODEL = Checkout.MODEL;

    private static ModelRepository repository;
    private static LabeledImages images;

    private Zoo() {}

    public static synchronized ModelRepository repository() {
        if (repository == null) {
            repository = ModelRepository.open(ROOT, MODEL, 1);
        }
        return repository;
    }

    public static synchronized LabeledImages images() {
        if (images == null) {
            images = LabeledImages.evaluationSubset(repository());
        }
        return images;
    }

    public static Path manifestFile() {
        return Checkout.zooManifest();
    }

    /**
     * Frame {@code frameId} of a device: test image {@code frameId}, through the real head and
     * codec.
     */
    public static FeatureFrame frame(
            String deviceId,
            long frameId,
            String version,
            int partition,
            String codec,
            long epoch) {
        int index = (int) (frameId % images().count());
        Tensor image = images().batch(index, index + 1);
        SliceKey key = new SliceKey(version, partition, CodecId.parse(codec).bottleneck());
        Tensor features = repository().head(key).map(s -> SliceRunner.run(s, image)).orElse(image);
        long now = System.currentTimeMillis() * 1000;
        return FeatureFrames.toFrame(
                new FeatureFrames.Header(
                        deviceId,
                        frameId,
                        MODEL,
                        version,
                        partition,
                        epoch,
                        now - 3000,
                        now - 2000,
                        now - 1000),
                FeatureCodec.of(codec).encode(features));
    }

    public static int label(long frameId) {
        return images().labels()[(int) (frameId % images().count())];
    }
}
