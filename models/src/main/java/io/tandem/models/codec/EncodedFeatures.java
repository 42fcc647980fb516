package io.tandem.models.codec;

/**
 * One frame's features as they travel: precision, shape, payload (row-major, little-endian; INT4
 * two per byte, low nibble first), quantization parameters for integer precisions, and whether the
 * payload is zstd-compressed.
 */
public record EncodedFeatures(
        String codec,
        Precision precision,
        long[] shape,
        byte[] payload,
        QuantParams quantization,
        boolean zstd) {

    /**
     * Bytes the quantization parameters take in a frame: a float scale and an int zero point per
     * group.
     */
    public int quantParamBytes() {
        return quantization == null ? 0 : 8 * quantization.groups();
    }
}
