package io.tandem.jobs.tail;

import io.tandem.models.Tensor;
import io.tandem.schema.ClassScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The k most likely classes of one sample's logits, with softmax probabilities, best first. */
public final class TopClasses {

    private TopClasses() {}

    public static List<ClassScore> of(Tensor logits, int k) {
        float[] x = logits.values();
        float max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i] - max);
            sum += p[i];
        }
        List<ClassScore> scores = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            scores.add(new ClassScore(i, (float) (p[i] / sum)));
        }
        scores.sort(
                Comparator.comparingDouble(ClassScore::getScore)
                        .reversed()
                        .thenComparingInt(ClassScore::getClassIndex));
        return new ArrayList<>(scores.subList(0, Math.min(k, scores.size())));
    }
}
