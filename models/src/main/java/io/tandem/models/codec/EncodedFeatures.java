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
        boolean zstd) {}
