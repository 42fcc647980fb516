package io.tandem.models.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.ZooFixture;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The committed camera-resolution family, as `models import` wrote it: every file as recorded, the
 * recorded accuracies reproduced on the kept subset (its splits are checked with the zoo's, in
 * {@link SplitEquivalenceTest}).
 */
class CameraFamilyTest {

    private static final String MODEL = "camera-mnv2";

    @Test
    void everySliceIsAsRecordedAndTheKeptSubsetHasTheModelsInput() {
        try (ModelRepository repo = ModelRepository.open(ZooFixture.ROOT, MODEL, 1)) {
            assertThat(repo.verifyAll()).isEmpty();
            assertThat(LabeledImages.evaluationSubset(repo).images().shape())
                    .containsExactly(200, 1, 112, 112);
        }
    }

    @Test
    void theRecordedSubsetAccuracyIsWhatTheJavaPathGets() {
        try (ModelRepository repo = ModelRepository.open(ZooFixture.ROOT, MODEL, 2)) {
            LabeledImages subset = LabeledImages.evaluationSubset(repo);
            ModelManifest.Version w50 = repo.manifest().version("w50");
            ModelManifest.Partition p1 = w50.partition(1);
            for (String codec : new String[] {"float32", "int8", "int4-pc"}) {
                double recorded = p1.variants().get(0).codec(codec).orElseThrow().accuracySubset();
                double measured =
                        new SplitEvaluator(repo)
                                .evaluate(
                                        new SliceKey("w50", 1, false),
                                        FeatureCodec.of(codec),
                                        subset)
                                .accuracy();
                assertThat(measured).as(codec).isCloseTo(recorded, Offset.offset(1e-9));
            }
        }
    }
}
