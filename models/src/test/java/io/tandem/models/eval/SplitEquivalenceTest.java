package io.tandem.models.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.models.ZooFixture;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cutting a model must not change it: head then tail (float32 features) equals the full model, for
 * the zoo's trained family and for the camera family `models import` cut.
 */
class SplitEquivalenceTest {

    @ParameterizedTest
    @ValueSource(strings = {ZooFixture.MODEL, "camera-mnv2"})
    void headThenTailEqualsTheFullModelForEveryVersionAndPartition(String model) {
        try (ModelRepository repo = ModelRepository.open(ZooFixture.ROOT, model, 2)) {
            check(repo);
        }
    }

    private static void check(ModelRepository repo) {
        Tensor images = LabeledImages.evaluationSubset(repo).batch(0, 64);
        int checked = 0;
        for (ModelManifest.Version version : repo.manifest().versions()) {
            Tensor expected = SliceRunner.run(repo.full(version.id()), images);
            for (ModelManifest.Partition partition : version.partitions()) {
                SliceKey key = new SliceKey(version.id(), partition.partition(), false);
                Tensor features =
                        repo.head(key).map(h -> SliceRunner.run(h, images)).orElse(images);
                assertThat(
                                java.util.Arrays.stream(features.shape())
                                        .skip(1)
                                        .mapToInt(d -> (int) d)
                                        .boxed()
                                        .toList())
                        .as("features of %s", key)
                        .isEqualTo(
                                partition
                                        .featureShape()
                                        .subList(1, partition.featureShape().size()));
                Tensor logits =
                        repo.tail(key).map(t -> SliceRunner.run(t, features)).orElse(features);
                assertThat(maxAbsDiff(logits, expected))
                        .as("max |head->tail - full| for %s", key)
                        .isLessThanOrEqualTo(1e-4f);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(15); // 3 versions x 5 partitions at least
    }

    private static float maxAbsDiff(Tensor a, Tensor b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        float worst = 0;
        for (int i = 0; i < a.values().length; i++) {
            worst = Math.max(worst, Math.abs(a.values()[i] - b.values()[i]));
        }
        return worst;
    }
}
