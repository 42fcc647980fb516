package io.tandem.planner.solve;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The price-free numbers behind {@link DualAscent}'s cheap lower bound on an option's priced value,
 * one record of {@value #STRIDE} doubles per option in a single flat array (read for every option
 * at every evaluation, so one allocation and contiguous reads rather than an object per option).
 *
 * <p>Options are numbered by slot: device i's options are slots {@code firstSlot(i)} .. {@code
 * firstSlot(i + 1) - 1}, the same numbering as the run's {@link ShareMemo}.
 */
final class ScreeningBounds {

    /**
     * Cost with the whole link and the whole edge: the lowest latency, hence cost, the option can
     * have.
     */
    private static final int FLOOR_COST = 0;

    /** Bandwidth (bps) and compute share below which the option's queues are unstable. */
    private static final int LEAST_BANDWIDTH = 1;

    private static final int LEAST_COMPUTE = 2;

    /**
     * Cost without the two queued resources (accuracy, head and its queue, round trip, at the
     * latency slope before the deadline), and that slope times the bits per frame and times the
     * edge-seconds per frame.
     */
    private static final int FIXED_COST = 3;

    private static final int SLOPE_BITS = 4;
    private static final int SLOPE_TAIL = 5;
    private static final int STRIDE = 6;

    /** The edge's compute is shared out as fractions of one. */
    private static final double WHOLE_EDGE = 1.0;

    private final int[] firstSlot;
    private final double[] values;

    ScreeningBounds(List<Problem.Device> devices, List<List<SplitOption>> candidates) {
        this(devices, candidates, false);
    }

    /**
     * @param parallel whether to fill the devices' records on the common fork-join pool (large
     *     cells: this is a re-solve's main cost once warm-started prices leave few evaluations)
     */
    ScreeningBounds(
            List<Problem.Device> devices, List<List<SplitOption>> candidates, boolean parallel) {
        int n = devices.size();
        firstSlot = new int[n + 1];
        for (int i = 0; i < n; i++) {
            firstSlot[i + 1] = firstSlot[i] + candidates.get(i).size();
        }
        values = new double[STRIDE * firstSlot[n]];
        IntStream range = IntStream.range(0, n);
        (parallel ? range.parallel() : range)
                .forEach(i -> fill(i, devices.get(i).context(), candidates.get(i)));
    }

    /** Device i's records: each one's slots are its own, so devices fill them independently. */
    private void fill(int i, DeviceContext context, List<SplitOption> options) {
        double slope = context.weights().latencyWeight() / context.deadlineSeconds();
        for (int j = 0; j < options.size(); j++) {
            SplitOption option = options.get(j);
            int at = STRIDE * (firstSlot[i] + j);
            values[at + FLOOR_COST] =
                    CostModel.cost(option, context, context.uplinkCapacityBps(), WHOLE_EDGE);
            double head = option.headSeconds();
            values[at + FIXED_COST] =
                    context.weights().accuracyWeight() * (1 - option.accuracy())
                            + slope
                                    * (head
                                            + CostModel.periodicWait(context.frameRateHz() * head)
                                            + context.rttSeconds());
            values[at + SLOPE_BITS] = slope * 8 * option.bytesPerFrame();
            values[at + SLOPE_TAIL] = slope * option.tailEdgeSeconds();
            values[at + LEAST_BANDWIDTH] = context.frameRateHz() * 8 * option.bytesPerFrame();
            values[at + LEAST_COMPUTE] = context.frameRateHz() * option.tailEdgeSeconds();
        }
    }

    /** All devices' options together. */
    int slots() {
        return firstSlot[firstSlot.length - 1];
    }

    int firstSlot(int device) {
        return firstSlot[device];
    }

    double floorCost(int slot) {
        return values[STRIDE * slot + FLOOR_COST];
    }

    /**
     * A lower bound on the option's value at these prices, whatever its shares: the larger of its
     * floor cost plus the prices of its least stable shares, and its cost with each queued resource
     * replaced by its service time priced at its best.
     */
    double bound(int slot, double bandwidthPrice, double computePrice, double uplinkCapacityBps) {
        int at = STRIDE * slot;
        double leastBandwidth = values[at + LEAST_BANDWIDTH];
        double leastCompute = values[at + LEAST_COMPUTE];
        return Math.max(
                values[at + FLOOR_COST]
                        + bandwidthPrice * leastBandwidth
                        + computePrice * leastCompute,
                values[at + FIXED_COST]
                        + pricedTransfer(
                                values[at + SLOPE_BITS],
                                bandwidthPrice,
                                leastBandwidth,
                                uplinkCapacityBps)
                        + pricedTransfer(
                                values[at + SLOPE_TAIL], computePrice, leastCompute, WHOLE_EDGE));
    }

    /**
     * A lower bound on {@code min over x in [least, cap] of slope * work / x + price * x}: the
     * resource's delay is at least its service time work / x (queueing only adds), so this bounds
     * the priced delay of one resource; {@code slopeWork} is slope * work.
     */
    private static double pricedTransfer(double slopeWork, double price, double least, double cap) {
        if (slopeWork == 0) {
            return price * least;
        }
        double x = price > 0 ? Math.sqrt(slopeWork / price) : cap;
        x = Math.min(cap, Math.max(least, x));
        return slopeWork / x + price * x;
    }
}
