package io.tandem.models.codec;

/**
 * Affine quantization of one sample in {@code groups} equal, contiguous groups (1 = per tensor, C =
 * per channel of an NCHW sample): {@code scale = (max - min) / (2^bits - 1)} (|min|, or 1 for
 * zeros, when the group is constant), {@code zeroPoint = clamp(rint(qmin - min / scale))}, {@code q
 * = clamp(rint(x / scale) + zeroPoint)}.
 */
final class AffineQuantizer {

    private AffineQuantizer() {}

    static QuantParams quantize(float[] x, int groups, int bits, int[] q) {
        int qmin = -(1 << (bits - 1));
        int qmax = (1 << (bits - 1)) - 1;
        int size = x.length / groups;
        float[] scales = new float[groups];
        int[] zeroPoints = new int[groups];
        for (int g = 0; g < groups; g++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = g * size; i < (g + 1) * size; i++) {
                if (!Float.isFinite(x[i])) {
                    throw new IllegalArgumentException(
                            "cannot quantize a non-finite value at index " + i);
                }
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
            float scale = (hi - lo) / (float) (qmax - qmin);
            if (!(scale > 0f)) {
                // A constant group: scale |value| (1 for zeros) makes it decode exactly.
                scale = lo != 0f ? Math.abs(lo) : 1f;
            }
            float zp = clamp((float) Math.rint((float) qmin - lo / scale), qmin, qmax);
            for (int i = g * size; i < (g + 1) * size; i++) {
                q[i] = (int) clamp((float) Math.rint(x[i] / scale) + zp, qmin, qmax);
            }
            scales[g] = scale;
            zeroPoints[g] = (int) zp;
        }
        return new QuantParams(groups == 1 ? null : 1, scales, zeroPoints);
    }

    static void dequantize(int[] q, QuantParams params, float[] out) {
        int groups = params.groups();
        if (groups == 0 || q.length % groups != 0 || params.zeroPoints().length != groups) {
            throw new IllegalArgumentException(
                    groups + " quantization groups do not divide " + q.length + " values");
        }
        int size = q.length / groups;
        for (int g = 0; g < groups; g++) {
            float scale = params.scales()[g];
            float zp = params.zeroPoints()[g];
            for (int i = g * size; i < (g + 1) * size; i++) {
                out[i] = ((float) q[i] - zp) * scale;
            }
        }
    }

    private static float clamp(float v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
