package io.tandem.models.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.models.Tensor;
import io.tandem.models.codec.EncodedFeatures;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.ScalarType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureFramesTest {

    private static final FeatureFrames.Header HEADER =
            new FeatureFrames.Header(
                    "cam-7", 42, "fmnist-resnet", "w50", 3, 5, 1_000, 2_000, 3_000);

    private static Tensor features() {
        Random random = new Random(3);
        float[] values = new float[8 * 7 * 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(0, (float) random.nextGaussian() * (1 + i % 8));
        }
        return new Tensor(values, new long[] {1, 8, 7, 7});
    }

    private static FeatureFrame throughAvro(FeatureFrame frame) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(FeatureFrame.class).write(frame, encoder);
        encoder.flush();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
        return new SpecificDatumReader<>(FeatureFrame.class).read(null, decoder);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "float32",
                "float16",
                "int8",
                "int8-pc",
                "int4",
                "int4-pc+zstd",
                "bn-int8+zstd"
            })
    void featuresSurviveTheContractExactly(String codecId) throws IOException {
        FeatureCodec codec = FeatureCodec.of(codecId);
        EncodedFeatures encoded = codec.encode(features());

        FeatureFrame frame = throughAvro(FeatureFrames.toFrame(HEADER, encoded));
        EncodedFeatures back = FeatureFrames.toEncoded(frame);

        assertThat(frame.getDeviceId()).isEqualTo("cam-7");
        assertThat(frame.getPlanEpoch()).isEqualTo(5);
        assertThat(frame.getCodec()).isEqualTo(codecId);
        assertThat(back.payload()).isEqualTo(encoded.payload());
        assertThat(back.shape()).isEqualTo(encoded.shape());
        assertThat(codec.decode(back)).isEqualTo(codec.decode(encoded));
    }

    @Test
    void aDtypeTheCodecsCannotReadIsRefused() {
        FeatureFrame frame =
                FeatureFrames.toFrame(HEADER, FeatureCodec.of("int8").encode(features()));
        frame.setDtype(ScalarType.UINT8);
        assertThatThrownBy(() -> FeatureFrames.toEncoded(frame))
                .hasMessageContaining("unsupported feature dtype UINT8");
    }
}
