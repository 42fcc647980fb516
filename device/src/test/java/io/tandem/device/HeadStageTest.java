package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtSession;
import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.wire.FeatureFrames;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.Plan;
import io.tandem.testkit.Zoo;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Device head, the contract, then the edge's tail: the split answers as the whole model does. */
class HeadStageTest {

    private static final int IMAGES = 40;

    private static final ModelRepository repository = Zoo.repository();
    private static final LabeledImages images = Zoo.images();

    @ParameterizedTest
    @CsvSource({
        "w50,3,float32,0",
        "w100,0,int8,0",
        "w25,6,float32,0",
        "w100,5,bn-int4,4",
        "w50,2,int8-pc+zstd,2"
    })
    void theEdgeTailOnTheDecodedFrameAgreesWithTheFullModel(
            String version, int partition, String codec, int allowedDisagreements) {
        Plan plan = SafeDefaultPlan.of("cam-1", "fmnist-resnet", version, partition, codec, 15);
        HeadStage head = new HeadStage(repository);
        Optional<OrtSession> tail = repository.tail(HeadStage.sliceOf(plan));
        OrtSession full = repository.full(version);
        int disagreements = 0;
        for (int i = 0; i < IMAGES; i++) {
            Tensor image = images.batch(i, i + 1);
            FeatureFrame frame =
                    FeatureFrames.toFrame(
                            new FeatureFrames.Header(
                                    "cam-1", i, "fmnist-resnet", version, partition, 0, 0, 0, 0),
                            head.run(plan, image));

            Tensor received =
                    FeatureCodec.of(frame.getCodec()).decode(FeatureFrames.toEncoded(frame));
            Tensor logits = tail.map(t -> SliceRunner.run(t, received)).orElse(received);
            Tensor expected = SliceRunner.run(full, image);
            if (codec.equals("float32") && partition < 6) {
                for (int k = 0; k < 10; k++) {
                    assertThat(logits.values()[k])
                            .isCloseTo(
                                    expected.values()[k],
                                    org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
            if (logits.argmax(0) != expected.argmax(0)) {
                disagreements++;
            }
        }
        assertThat(disagreements)
                .as("frames whose class differs from the full model's")
                .isLessThanOrEqualTo(allowedDisagreements);
    }
}
