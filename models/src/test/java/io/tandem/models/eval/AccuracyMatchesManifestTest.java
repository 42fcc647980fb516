package io.tandem.models.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.ZooFixture;
import io.tandem.models.codec.CodecId;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The accuracies in the manifest were measured in PyTorch; here the Java codecs and ONNX Runtime
 * run the same images through every (version, partition, variant, codec) and must agree within 0.3
 * points, and the bytes on the wire must be the manifest's.
 */
class AccuracyMatchesManifestTest {

    @Test
    void javaAccuracyMatchesTheManifestOnTheCommittedSubset() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        try (ModelRepository repo = ModelRepository.open(ZooFixture.ROOT, ZooFixture.MODEL, 2)) {
            LabeledImages subset = LabeledImages.evaluationSubset(repo);
            SplitEvaluator evaluator = new SplitEvaluator(repo);
            for (ModelManifest.Version version : repo.manifest().versions()) {
                for (ModelManifest.Partition partition : version.partitions()) {
                    for (ModelManifest.Variant variant : partition.variants()) {
                        boolean bottleneck =
                                variant.kind() == ModelManifest.Variant.Kind.bottleneck;
                        for (ModelManifest.CodecFigures figures : variant.codecs()) {
                            CodecId id = CodecId.parse(figures.codec()).withBottleneck(bottleneck);
                            SplitEvaluator.Score score =
                                    evaluator.evaluate(
                                            new SliceKey(
                                                    version.id(),
                                                    partition.partition(),
                                                    bottleneck),
                                            new FeatureCodec(id),
                                            subset);
                            double diffPoints =
                                    100 * Math.abs(score.accuracy() - figures.accuracySubset());
                            if (diffPoints > 0.3) {
                                mismatches.add(
                                        String.format(
                                                "%s %s: java %.4f manifest %.4f",
                                                score.split(),
                                                id,
                                                score.accuracy(),
                                                figures.accuracySubset()));
                            }
                            assertThat(score.meanPayloadBytes())
                                    .as("payload bytes of %s %s", score.split(), id)
                                    .isEqualTo(figures.payloadBytes());
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(3 * 5 * 6);
    }
}
