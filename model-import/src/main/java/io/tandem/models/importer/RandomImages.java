package io.tandem.models.importer;

import io.tandem.models.Tensor;
import java.util.Random;

/** Uniform [0, 1) inputs: the importer's probes and equivalence checks. */
final class RandomImages {

    private RandomImages() {}

    static Tensor of(int batch, long[] sampleShape, Random random) {
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = batch;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        float[] values = new float[Math.toIntExact(Tensor.elementCount(shape))];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return new Tensor(values, shape);
    }
}
