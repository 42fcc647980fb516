package io.tandem.jobs.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.codec.CodecId;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.ScalarType;
import io.tandem.testkit.Zoo;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCheckTest {

    private final FrameCheck check = new FrameCheck(Zoo.repository().manifest(), 64 * 1024);

    @Test
    void acceptsRealFramesOfEveryKindAndDecodesThemToTheSlicesInput() {
        for (String codec :
                List.of(
                        "float32",
                        "float16",
                        "int8",
                        "int8-pc+zstd",
                        "int4",
                        "bn-int8",
                        "bn-int4-pc")) {
            int partition = CodecId.isBottleneck(codec) ? 3 : 2;
            FeatureFrame frame = Zoo.frame("cam-1", 5, "w50", partition, codec, 1);
            FrameCheck.Verdict verdict = check.check(frame);
            assertThat(verdict).as(codec).isInstanceOf(FrameCheck.Accepted.class);
            FrameCheck.Accepted accepted = (FrameCheck.Accepted) verdict;
            assertThat(accepted.slice().bottleneck()).isEqualTo(CodecId.isBottleneck(codec));
            assertThat(accepted.features().shape())
                    .containsExactly(
                            frame.getShape().stream().mapToLong(Integer::longValue).toArray());
        }
        assertThat(check.check(Zoo.frame("cam-1", 5, "w100", 0, "int8", 1)))
                .isInstanceOf(FrameCheck.Accepted.class);
        assertThat(check.check(Zoo.frame("cam-1", 5, "w100", 6, "float32", 1)))
                .isInstanceOf(FrameCheck.Accepted.class);
    }

    @Test
    void namesTheReasonForEachKindOfBadFrame() {
        FeatureFrame good = Zoo.frame("cam-1", 1, "w100", 3, "int8", 1);
        assertThat(reason(copy(good).setModelId("imagenet-vit").build()))
                .isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
        assertThat(reason(copy(good).setVersion("w75").build()))
                .isEqualTo(DeadLetterReason.UNKNOWN_VERSION);
        assertThat(reason(copy(good).setPartition(9).build()))
                .isEqualTo(DeadLetterReason.UNKNOWN_PARTITION);
        assertThat(reason(copy(good).setCodec("jpeg").build()))
                .isEqualTo(DeadLetterReason.UNKNOWN_CODEC);
        assertThat(reason(copy(good).setDtype(ScalarType.FLOAT16).build()))
                .isEqualTo(DeadLetterReason.UNKNOWN_CODEC);
        assertThat(reason(copy(good).setShape(List.of(1, 32, 7, 28)).build()))
                .isEqualTo(DeadLetterReason.WRONG_SHAPE);
        assertThat(reason(copy(good).setPayload(ByteBuffer.wrap(new byte[100])).build()))
                .isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(reason(copy(good).setPayload(ByteBuffer.wrap(new byte[100_000])).build()))
                .isEqualTo(DeadLetterReason.OVERSIZE_PAYLOAD);

        FeatureFrame raw = Zoo.frame("cam-1", 1, "w100", 3, "float32", 1);
        ByteBuffer payload = raw.getPayload().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] poisoned = new byte[payload.remaining()];
        payload.get(poisoned);
        ByteBuffer.wrap(poisoned).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(40, Float.NaN);
        assertThat(reason(copy(raw).setPayload(ByteBuffer.wrap(poisoned)).build()))
                .isEqualTo(DeadLetterReason.NON_FINITE_VALUES);
    }

    private DeadLetterReason reason(FeatureFrame frame) {
        FrameCheck.Verdict verdict = check.check(frame);
        assertThat(verdict).isInstanceOf(FrameCheck.Rejected.class);
        FrameCheck.Rejected rejected = (FrameCheck.Rejected) verdict;
        assertThat(rejected.message()).isNotBlank();
        return rejected.reason();
    }

    private static FeatureFrame.Builder copy(FeatureFrame frame) {
        return FeatureFrame.newBuilder(frame);
    }
}
