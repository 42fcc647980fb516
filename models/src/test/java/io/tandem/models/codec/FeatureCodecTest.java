package io.tandem.models.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.models.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureCodecTest {

    /** A 1x4x6x6 sample whose channels have very different ranges, as real feature maps do. */
    private static Tensor features(long seed) {
        Random random = new Random(seed);
        float[] x = new float[4 * 36];
        float[] ranges = {0.01f, 1f, 5f, 40f};
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 36; i++) {
                x[c * 36 + i] = (float) (random.nextGaussian() * ranges[c]);
            }
        }
        return new Tensor(x, new long[] {1, 4, 6, 6});
    }

    private static float maxError(Tensor a, Tensor b) {
        float worst = 0;
        for (int i = 0; i < a.values().length; i++) {
            worst = Math.max(worst, Math.abs(a.values()[i] - b.values()[i]));
        }
        return worst;
    }

    @Test
    void float32IsLossless() {
        Tensor x = features(1);
        FeatureCodec codec = FeatureCodec.of("float32");
        EncodedFeatures wire = codec.encode(x);
        assertThat(wire.payload()).hasSize(4 * 144);
        assertThat(codec.decode(wire)).isEqualTo(x);
    }

    @ParameterizedTest
    @ValueSource(strings = {"int8", "int8-pc", "int4", "int4-pc"})
    void quantizationErrorIsAtMostHalfAStepPerGroup(String id) {
        Tensor x = features(2);
        FeatureCodec codec = FeatureCodec.of(id);
        EncodedFeatures wire = codec.encode(x);
        Tensor back = codec.decode(wire);
        QuantParams q = wire.quantization();
        int groupSize = x.values().length / q.groups();
        for (int i = 0; i < x.values().length; i++) {
            float scale = q.scales()[i / groupSize];
            assertThat(Math.abs(back.values()[i] - x.values()[i]))
                    .as("%s element %d", id, i)
                    .isLessThanOrEqualTo(scale * 0.5f + 1e-6f);
        }
        assertThat(wire.payload()).hasSize(wire.precision() == Precision.INT8 ? 144 : 72);
        assertThat(q.groups()).isEqualTo(id.endsWith("-pc") ? 4 : 1);
    }

    @Test
    void perChannelBeatsPerTensorOnUnevenChannels() {
        Tensor x = features(3);
        float perTensor = maxErrorOnChannel(FeatureCodec.of("int8"), x, 0);
        float perChannel = maxErrorOnChannel(FeatureCodec.of("int8-pc"), x, 0);
        // Channel 0 spans about 0.05; per tensor it shares a step sized for a range of about 300.
        assertThat(perChannel).isLessThan(perTensor / 100);
    }

    private static float maxErrorOnChannel(FeatureCodec codec, Tensor x, int channel) {
        Tensor back = codec.decode(codec.encode(x));
        float worst = 0;
        for (int i = channel * 36; i < (channel + 1) * 36; i++) {
            worst = Math.max(worst, Math.abs(back.values()[i] - x.values()[i]));
        }
        return worst;
    }

    @Test
    void float16KeepsThreeSignificantDigits() {
        Tensor x = features(4);
        FeatureCodec codec = FeatureCodec.of("float16");
        Tensor back = codec.decode(codec.encode(x));
        for (int i = 0; i < x.values().length; i++) {
            assertThat(Math.abs(back.values()[i] - x.values()[i]))
                    .isLessThanOrEqualTo(Math.abs(x.values()[i]) * 0x1p-11f + 1e-7f);
        }
    }

    @Test
    void zstdIsLosslessOnTopOfQuantization() {
        Tensor x = features(5);
        Tensor plain = FeatureCodec.of("int8-pc").decode(FeatureCodec.of("int8-pc").encode(x));
        FeatureCodec compressed = FeatureCodec.of("int8-pc+zstd");
        EncodedFeatures wire = compressed.encode(x);
        assertThat(wire.zstd()).isTrue();
        assertThat(compressed.decode(wire)).isEqualTo(plain);
    }

    @Test
    void zstdShrinksSparseFeatures() {
        float[] sparse = new float[4096];
        for (int i = 0; i < sparse.length; i += 17) {
            sparse[i] = i % 5;
        }
        Tensor x = new Tensor(sparse, new long[] {1, 16, 16, 16});
        int plain = FeatureCodec.of("int8").encode(x).payload().length;
        int compressed = FeatureCodec.of("int8+zstd").encode(x).payload().length;
        assertThat(compressed).isLessThan(plain / 4);
    }

    @Test
    void int4PacksTwoValuesPerByteLowNibbleFirstWithSign() {
        int[] q = {-8, 7, -1, 0, 3};
        byte[] packed = FeatureCodec.pack(q, Precision.INT4);
        assertThat(packed).containsExactly((byte) 0x78, (byte) 0x0F, (byte) 0x03);
        assertThat(FeatureCodec.unpack(packed, 5, Precision.INT4)).containsExactly(q);
    }

    @Test
    void aConstantTensorDecodesExactly() {
        Tensor x = new Tensor(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, new long[] {1, 1, 2, 2});
        FeatureCodec codec = FeatureCodec.of("int4");
        assertThat(codec.decode(codec.encode(x)).values()).containsOnly(2.5f);
    }

    @Test
    void nonFiniteValuesAreRefused() {
        Tensor x = new Tensor(new float[] {1f, Float.NaN}, new long[] {1, 2});
        assertThatThrownBy(() -> FeatureCodec.of("int8").encode(x))
                .hasMessageContaining("non-finite");
    }

    @Test
    void aTruncatedPayloadIsRefused() {
        FeatureCodec codec = FeatureCodec.of("int8");
        EncodedFeatures wire = codec.encode(features(6));
        EncodedFeatures cut =
                new EncodedFeatures(
                        wire.codec(),
                        wire.precision(),
                        wire.shape(),
                        java.util.Arrays.copyOf(wire.payload(), 100),
                        wire.quantization(),
                        false);
        assertThatThrownBy(() -> codec.decode(cut)).hasMessageContaining("payload has 100 bytes");
    }

    @Test
    void codecIdsParseAndPrintBack() {
        for (String id :
                new String[] {
                    "float32",
                    "float16",
                    "int8",
                    "int8-pc",
                    "int4-pc+zstd",
                    "bn-int8",
                    "bn-float16+zstd"
                }) {
            assertThat(CodecId.parse(id).toString()).isEqualTo(id);
        }
        assertThat(CodecId.parse("bn-int4-pc+zstd").quantizer()).isEqualTo("int4-pc");
        assertThatThrownBy(() -> CodecId.parse("int7"))
                .hasMessageContaining("unknown codec 'int7'");
        assertThatThrownBy(() -> CodecId.parse("float32-pc"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
