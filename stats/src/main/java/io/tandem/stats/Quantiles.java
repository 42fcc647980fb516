package io.tandem.stats;

import java.util.Arrays;
import java.util.Collection;

/**
 * Nearest-rank quantiles, the one definition every figure in Tandem uses: the q-quantile of n
 * values is the smallest value with at least {@code ceil(q n)} of them at or below it (so p100 is
 * the maximum and p50 of an even count is the lower middle value). No input, no quantile: {@code
 * NaN}; callers that show something else for "not measured yet" say so where they do.
 */
public final class Quantiles {

    private Quantiles() {}

    /** The 1-based rank of the q-quantile among {@code n} values (at least 1). */
    public static long rank(long n, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("a quantile is within [0, 1], not " + q);
        }
        return Math.max(1, (long) Math.ceil(q * n));
    }

    /** The q-quantile of values already sorted ascending; {@code NaN} when there are none. */
    public static double ofSorted(double[] sorted, double q) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length, rank(sorted.length, q)) - 1];
    }

    /**
     * The q-quantile of values in any order (they are not changed); {@code NaN} when there are
     * none.
     */
    public static double of(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, q);
    }

    public static double of(Collection<? extends Number> values, double q) {
        return of(values.stream().mapToDouble(Number::doubleValue).toArray(), q);
    }

    /** The 0.5-quantile. */
    public static double median(double[] values) {
        return of(values, 0.5);
    }
}
