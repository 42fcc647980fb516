package io.tandem.models.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * Which legal cuts to offer as partition points. A cut is worth offering only when no other cut is
 * at least as cheap on the device and sends at most as many bytes (the Pareto front of head FLOPs
 * against feature bytes): the dominated one can never be the better split, whatever the link or the
 * load. The input (all on the edge) and the output (all on the device) are always offered. Of cuts
 * with equal figures (a convolution and the activation after it) the latest is kept. When the front
 * is longer than the limit, interior cuts are kept evenly spaced along it.
 */
final class PartitionChoice {

    private PartitionChoice() {}

    static List<CutFigures> of(List<CutFigures> legal, int maxPartitions) {
        if (maxPartitions < 2) {
            throw new ImportRefused(
                    "--max-partitions must be at least 2 (the input and the output)");
        }
        CutFigures first = legal.get(0);
        CutFigures last = legal.get(legal.size() - 1);
        List<CutFigures> front = new ArrayList<>();
        for (CutFigures c : legal) {
            if (c == first || c == last || !dominated(c, legal, first, last)) {
                front.add(c);
            }
        }
        if (front.size() <= maxPartitions) {
            return front;
        }
        List<CutFigures> interior = front.subList(1, front.size() - 1);
        int keep = maxPartitions - 2;
        List<CutFigures> chosen = new ArrayList<>();
        chosen.add(first);
        for (int i = 0; i < keep; i++) {
            // Evenly spaced positions along the interior of the front.
            chosen.add(interior.get((int) Math.round((i + 0.5) * interior.size() / keep - 0.5)));
        }
        chosen.add(last);
        return chosen;
    }

    private static boolean dominated(
            CutFigures c, List<CutFigures> all, CutFigures first, CutFigures last) {
        int position = all.indexOf(c);
        for (int i = 0; i < all.size(); i++) {
            CutFigures o = all.get(i);
            if (o == c) {
                continue;
            }
            boolean noWorse =
                    o.headFlops() <= c.headFlops() && o.featureBytes() <= c.featureBytes();
            boolean better = o.headFlops() < c.headFlops() || o.featureBytes() < c.featureBytes();
            boolean preferredTie = o == first || o == last || i > position;
            if (noWorse && (better || preferredTie)) {
                return true;
            }
        }
        return false;
    }
}
