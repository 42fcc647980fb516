package io.tandem.models.codec;

import com.github.luben.zstd.Zstd;
import io.tandem.models.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes one frame's features for the uplink and decodes them at the edge: float32, float16, or
 * affine int8/int4 quantization per tensor or per channel, optionally zstd-compressed.
 *
 * <p>Quantization matches {@code models/training/zoo_codecs.py} operation for operation (float32
 * arithmetic, round half to even), so the manifest's accuracies are what devices get.
 */
public final class FeatureCodec {

    private static final int ZSTD_LEVEL = 3;

    private final CodecId id;

    public FeatureCodec(CodecId id) {
        this.id = id;
    }

    public static FeatureCodec of(String id) {
        return new FeatureCodec(CodecId.parse(id));
    }

    public CodecId id() {
        return id;
    }

    /** Encodes a single frame (batch dimension 1). */
    public EncodedFeatures encode(Tensor frame) {
        if (frame.batch() != 1) {
            throw new IllegalArgumentException("a frame has batch size 1, got " + frame);
        }
        float[] x = frame.values();
        byte[] payload;
        QuantParams quant = null;
        switch (id.precision()) {
            case FLOAT32 -> {
                ByteBuffer b = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(x);
                payload = b.array();
            }
            case FLOAT16 -> {
                ByteBuffer b = ByteBuffer.allocate(2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : x) {
                    b.putShort(Half.fromFloat(v));
                }
                payload = b.array();
            }
            default -> {
                int[] q = new int[x.length];
                quant = AffineQuantizer.quantize(x, groups(frame), id.precision().bits(), q);
                payload = pack(q, id.precision());
            }
        }
        if (id.zstd()) {
            payload = Zstd.compress(payload, ZSTD_LEVEL);
        }
        return new EncodedFeatures(
                id.toString(), id.precision(), frame.shape().clone(), payload, quant, id.zstd());
    }

    public Tensor decode(EncodedFeatures encoded) {
        long elements = Tensor.elementCount(encoded.shape());
        int rawBytes = encoded.precision().payloadBytes(elements);
        byte[] payload =
                encoded.zstd() ? decompress(encoded.payload(), rawBytes) : encoded.payload();
        if (payload.length != rawBytes) {
            throw new IllegalArgumentException(
                    "payload has "
                            + payload.length
                            + " bytes; shape and precision need "
                            + rawBytes);
        }
        float[] x = new float[(int) elements];
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        switch (encoded.precision()) {
            case FLOAT32 -> b.asFloatBuffer().get(x);
            case FLOAT16 -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] = Half.toFloat(b.getShort());
                }
            }
            default -> {
                if (encoded.quantization() == null) {
                    throw new IllegalArgumentException(
                            "integer payload without quantization parameters");
                }
                int[] q = unpack(payload, x.length, encoded.precision());
                AffineQuantizer.dequantize(q, encoded.quantization(), x);
            }
        }
        return new Tensor(x, encoded.shape().clone());
    }

    private int groups(Tensor frame) {
        return id.perChannel() && frame.shape().length >= 2 ? (int) frame.shape()[1] : 1;
    }

    private static byte[] decompress(byte[] compressed, int rawBytes) {
        long declared = Zstd.decompressedSize(compressed);
        if (declared != rawBytes) {
            throw new IllegalArgumentException(
                    "zstd frame declares " + declared + " bytes; expected " + rawBytes);
        }
        return Zstd.decompress(compressed, rawBytes);
    }

    static byte[] pack(int[] q, Precision precision) {
        if (precision == Precision.INT8) {
            byte[] out = new byte[q.length];
            for (int i = 0; i < q.length; i++) {
                out[i] = (byte) q[i];
            }
            return out;
        }
        byte[] out = new byte[(q.length + 1) / 2];
        for (int i = 0; i < q.length; i++) {
            int nibble = q[i] & 0xF;
            out[i / 2] |= (byte) ((i % 2 == 0) ? nibble : nibble << 4);
        }
        return out;
    }

    static int[] unpack(byte[] payload, int count, Precision precision) {
        int[] q = new int[count];
        for (int i = 0; i < count; i++) {
            if (precision == Precision.INT8) {
                q[i] = payload[i];
            } else {
                int nibble = (i % 2 == 0) ? payload[i / 2] & 0xF : (payload[i / 2] >> 4) & 0xF;
                q[i] = (nibble << 28) >> 28; // sign-extend 4 bits
            }
        }
        return q;
    }
}
