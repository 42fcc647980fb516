package io.tandem.planner.solve;

import io.tandem.planner.cost.SplitOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes options no device would ever pick: B is dominated when some A has no more head time, tail
 * time and bytes and no less accuracy (strictly better in one, or identical and listed first).
 * Latency rises with each of the first three for any shares, so A costs no more than B with the
 * same resources. Devices of one class share one options list, so results are cached by list
 * identity within a solve.
 */
final class DominatedOptions {

    private final Map<List<SplitOption>, List<SplitOption>> pruned = new IdentityHashMap<>();

    List<SplitOption> prune(List<SplitOption> options) {
        return pruned.computeIfAbsent(options, DominatedOptions::undominated);
    }

    static List<SplitOption> undominated(List<SplitOption> options) {
        List<SplitOption> kept = new ArrayList<>(options.size());
        for (int b = 0; b < options.size(); b++) {
            SplitOption candidate = options.get(b);
            boolean dominated = false;
            for (int a = 0; a < options.size() && !dominated; a++) {
                if (a != b) {
                    dominated = dominates(options.get(a), candidate, a < b);
                }
            }
            if (!dominated) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    private static boolean dominates(SplitOption a, SplitOption b, boolean aFirst) {
        boolean noWorse =
                a.headSeconds() <= b.headSeconds()
                        && a.tailEdgeSeconds() <= b.tailEdgeSeconds()
                        && a.bytesPerFrame() <= b.bytesPerFrame()
                        && a.accuracy() >= b.accuracy();
        if (!noWorse) {
            return false;
        }
        boolean identical =
                a.headSeconds() == b.headSeconds()
                        && a.tailEdgeSeconds() == b.tailEdgeSeconds()
                        && a.bytesPerFrame() == b.bytesPerFrame()
                        && a.accuracy() == b.accuracy();
        return !identical || aFirst;
    }
}
