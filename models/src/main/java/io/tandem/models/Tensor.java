package io.tandem.models;

import java.util.Arrays;

/** A dense float32 tensor, row-major, batch dimension first. */
public record Tensor(float[] values, long[] shape) {

    public Tensor {
        long size = elementCount(shape);
        if (size != values.length) {
            throw new IllegalArgumentException(
                    "shape "
                            + Arrays.toString(shape)
                            + " needs "
                            + size
                            + " values, got "
                            + values.length);
        }
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public int batch() {
        return (int) shape[0];
    }

    /** Elements of one sample. */
    public int sampleSize() {
        return values.length / Math.max(1, batch());
    }

    /** Sample {@code i} as a tensor with batch dimension 1. */
    public Tensor sample(int i) {
        int size = sampleSize();
        long[] one = shape.clone();
        one[0] = 1;
        return new Tensor(Arrays.copyOfRange(values, i * size, (i + 1) * size), one);
    }

    /** Index of the largest element of sample {@code i}: the predicted class, for logits. */
    public int argmax(int i) {
        int size = sampleSize();
        int offset = i * size;
        int best = 0;
        for (int k = 1; k < size; k++) {
            if (values[offset + k] > values[offset + best]) {
                best = k;
            }
        }
        return best;
    }

    /** Stacks samples of equal shape along the batch dimension. */
    public static Tensor stack(java.util.List<Tensor> samples) {
        Tensor first = samples.get(0);
        int size = first.values.length;
        float[] all = new float[size * samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Tensor t = samples.get(i);
            if (t.values.length != size) {
                throw new IllegalArgumentException("cannot stack samples of different shapes");
            }
            System.arraycopy(t.values, 0, all, i * size, size);
        }
        long[] shape = first.shape.clone();
        shape[0] = samples.size();
        return new Tensor(all, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t
                && Arrays.equals(values, t.values)
                && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
