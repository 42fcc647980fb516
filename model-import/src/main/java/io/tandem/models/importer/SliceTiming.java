package io.tandem.models.importer;

import ai.onnxruntime.OrtSession;
import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.stats.Quantiles;
import java.util.Random;

/**
 * The median batch-1 latency of a slice on this host, after a warm-up: a profile figure for the
 * manifest, not a benchmark (the planner's times come from FLOPs and each side's speed).
 */
final class SliceTiming {

    private static final int WARMUP = 3;
    private static final int RUNS = 15;

    private SliceTiming() {}

    static double medianMs(OrtSession session, long[] inputShape) {
        Tensor x = RandomImages.of(1, inputShape, new Random(3));
        for (int i = 0; i < WARMUP; i++) {
            SliceRunner.run(session, x);
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            SliceRunner.run(session, x);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return Quantiles.median(ms);
    }
}
