package io.tandem.models.importer;

import ai.onnxruntime.OrtSession;
import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import java.util.List;
import java.util.Random;

/**
 * Head then tail against the full model on random inputs (three single frames and a batch of two):
 * the largest absolute difference of the logits. Above {@link #TOLERANCE} the import is refused.
 */
final class SplitCheck {

    static final double TOLERANCE = 1e-4;

    private final List<Tensor> inputs;
    private final List<Tensor> expected;

    SplitCheck(OrtSession full, long[] inputShape, long seed) {
        Random random = new Random(seed);
        this.inputs =
                List.of(
                        RandomImages.of(1, inputShape, random),
                        RandomImages.of(1, inputShape, random),
                        RandomImages.of(1, inputShape, random),
                        RandomImages.of(2, inputShape, random));
        this.expected = inputs.stream().map(x -> logits(full, x)).toList();
    }

    /** The largest difference over the inputs; head or tail may be null (an empty side). */
    double maxAbsDiff(OrtSession head, OrtSession tail) {
        double worst = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i);
            Tensor features = head == null ? x : logits(head, x);
            Tensor out = tail == null ? features : logits(tail, features);
            float[] want = expected.get(i).values();
            float[] got = out.values();
            if (got.length != want.length) {
                return Double.POSITIVE_INFINITY;
            }
            for (int j = 0; j < got.length; j++) {
                worst = Math.max(worst, Math.abs(got[j] - want[j]));
            }
        }
        return worst;
    }

    private static Tensor logits(OrtSession session, Tensor x) {
        return SliceRunner.run(session, x);
    }
}
