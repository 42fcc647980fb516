package io.tandem.models.wire;

import io.tandem.models.codec.EncodedFeatures;
import io.tandem.models.codec.Precision;
import io.tandem.models.codec.QuantParams;
import io.tandem.schema.Compression;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.Quantization;
import io.tandem.schema.ScalarType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Between the codec's {@link EncodedFeatures} and the contract's {@link FeatureFrame}: the device
 * side writes frames with {@link #toFrame}, the edge reads them back with {@link #toEncoded}.
 */
public final class FeatureFrames {

    /** Who sent a frame, under which plan, and when (microseconds since the epoch). */
    public record Header(
            String deviceId,
            long frameId,
            String modelId,
            String version,
            int partition,
            long planEpoch,
            long capturedAtMicros,
            long headDoneAtMicros,
            long sentAtMicros) {}

    private FeatureFrames() {}

    public static FeatureFrame toFrame(Header header, EncodedFeatures features) {
        List<Integer> shape = new ArrayList<>(features.shape().length);
        for (long d : features.shape()) {
            shape.add(Math.toIntExact(d));
        }
        return FeatureFrame.newBuilder()
                .setDeviceId(header.deviceId())
                .setFrameId(header.frameId())
                .setModelId(header.modelId())
                .setVersion(header.version())
                .setPartition(header.partition())
                .setCodec(features.codec())
                .setShape(shape)
                .setDtype(ScalarType.valueOf(features.precision().name()))
                .setQuantization(quantization(features.quantization()))
                .setCompression(features.zstd() ? Compression.ZSTD : Compression.NONE)
                .setPayload(ByteBuffer.wrap(features.payload()))
                .setPlanEpoch(header.planEpoch())
                .setCapturedAtMicros(header.capturedAtMicros())
                .setHeadDoneAtMicros(header.headDoneAtMicros())
                .setSentAtMicros(header.sentAtMicros())
                .build();
    }

    /**
     * The frame's features; a frame whose dtype or compression the codecs cannot read is refused.
     */
    public static EncodedFeatures toEncoded(FeatureFrame frame) {
        Precision precision;
        try {
            precision = Precision.valueOf(frame.getDtype().name());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unsupported feature dtype " + frame.getDtype());
        }
        if (frame.getCompression() != Compression.NONE
                && frame.getCompression() != Compression.ZSTD) {
            throw new IllegalArgumentException("unsupported compression " + frame.getCompression());
        }
        long[] shape = frame.getShape().stream().mapToLong(Integer::longValue).toArray();
        ByteBuffer buffer = frame.getPayload().duplicate();
        byte[] payload = new byte[buffer.remaining()];
        buffer.get(payload);
        return new EncodedFeatures(
                frame.getCodec(),
                precision,
                shape,
                payload,
                quantParams(frame.getQuantization()),
                frame.getCompression() == Compression.ZSTD);
    }

    private static Quantization quantization(QuantParams params) {
        if (params == null) {
            return null;
        }
        List<Float> scales = new ArrayList<>(params.groups());
        List<Integer> zeroPoints = new ArrayList<>(params.groups());
        for (int i = 0; i < params.groups(); i++) {
            scales.add(params.scales()[i]);
            zeroPoints.add(params.zeroPoints()[i]);
        }
        return Quantization.newBuilder()
                .setAxis(params.axis())
                .setScales(scales)
                .setZeroPoints(zeroPoints)
                .build();
    }

    private static QuantParams quantParams(Quantization quantization) {
        if (quantization == null) {
            return null;
        }
        float[] scales = new float[quantization.getScales().size()];
        int[] zeroPoints = new int[quantization.getZeroPoints().size()];
        if (scales.length != zeroPoints.length || scales.length == 0) {
            throw new IllegalArgumentException(
                    "quantization needs as many scales as zero points, at least one");
        }
        for (int i = 0; i < scales.length; i++) {
            scales[i] = quantization.getScales().get(i);
            zeroPoints[i] = quantization.getZeroPoints().get(i);
        }
        return new QuantParams(quantization.getAxis(), scales, zeroPoints);
    }
}
