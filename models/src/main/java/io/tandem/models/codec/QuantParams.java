package io.tandem.models.codec;

/**
 * Affine quantization parameters, {@code real = scale * (q - zeroPoint)}: one group for the whole
 * sample, or one per channel (axis 1).
 *
 * @param axis null for per-tensor, else the channel axis (always 1)
 */
public record QuantParams(Integer axis, float[] scales, int[] zeroPoints) {
    public int groups() {
        return scales.length;
    }
}
