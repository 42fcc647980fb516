package io.tandem.planner.solve;

import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Lagrangian relaxation of the cell's two capacity constraints. With a price on bandwidth and one
 * on compute, the problem splits into one small problem per device ({@link PricedResponse}, over
 * its candidate options). The dual value {@code sum of device values - prices * capacities} is a
 * lower bound on the optimum for any prices >= 0; the prices are balanced alternately until each
 * resource's demand meets its capacity.
 *
 * <p>Most of the time goes into device responses, so several things keep their number down: each
 * price search starts from the last price, interpolates (regula falsi in log price and log demand),
 * and is only as precise as the round needs (10% in the first round, ten times finer in each next
 * one, down to the final tolerances); the caller may stop once the bound is good enough; and an
 * option is only solved when a cheap lower bound on its priced value ({@link ScreeningBounds})
 * beats the device's best option so far, starting from the device's previous choice.
 *
 * <p>The solver holds only configuration; everything a solve learns (warm-start choices, share
 * memo, best bound, current tolerances) lives in a {@link Run} made per solve, so one instance may
 * solve any number of cells, one after another or at once.
 */
final class DualAscent {

    /**
     * A cap on rounds: the round tolerances reach the finest final one (1e-7) in round 6, leaving
     * rounds to settle.
     */
    private static final int MAX_ROUNDS = 12;

    /** Tolerance of the first round's price searches: early rounds only need the neighbourhood. */
    private static final double COARSE = 0.1;

    /**
     * Each round's searches are this many times finer than the last's, down to the final
     * tolerances.
     */
    private static final double REFINEMENT_PER_ROUND = 10;

    /** Cells at least this large spread each evaluation over the common fork-join pool. */
    static final int PARALLEL_FROM = 512;

    /**
     * Chunks per pool thread: devices differ in how many options survive screening, so more chunks
     * balance load.
     */
    private static final int CHUNKS_PER_THREAD = 4;

    /** Relative width at which a price bracket is narrow enough, in the final rounds. */
    private static final double PRICE_TOLERANCE = 1e-6;

    /**
     * A cap on a price search's narrowing steps, well above the ~20 halvings bisection needs for
     * PRICE_TOLERANCE.
     */
    private static final int MAX_BISECTIONS = 60;

    /**
     * A price is close enough once demand fits and leaves less than this fraction of the capacity
     * unused.
     */
    static final double DEMAND_TOLERANCE = 1e-4;

    /** Relative change of the dual value between rounds below which the prices have settled. */
    private static final double SETTLED = 1e-7;

    /**
     * Demand may exceed a capacity by this fraction and still fit: summation rounding, not a real
     * excess.
     */
    private static final double FIT_SLACK = 1e-9;

    /**
     * From a previous price, the first probe moves by this factor: prices move little between
     * rounds.
     */
    private static final double NEAR_STEP = 1.25;

    /**
     * Once the first probe fails to bracket, each next one moves by this factor: the bracket is
     * then far.
     */
    private static final double FAR_STEP = 4;

    /** A price this small a fraction of the search's starting price is as good as zero. */
    private static final double NEGLIGIBLE_PRICE = 1e-12;

    /** Beyond this price no demand falls: some device has no stable option at any price. */
    private static final double UNBOUNDED_PRICE = 1e12;

    /**
     * A first guess at the order of the prices: this fraction of the cell's best-case cost per unit
     * of resource.
     */
    private static final double PRICE_SCALE_FRACTION = 0.01;

    /** The first guess when the cell has no finite best-case cost to scale it by. */
    private static final double DEFAULT_PRICE_SCALE = 1e-3;

    /** Every device's response at one pair of prices. */
    record Priced(
            double bandwidthPrice,
            double computePrice,
            int[] choice,
            PricedResponse.Response[] responses,
            double dualValue,
            double bandwidthDemand,
            double computeDemand) {}

    /**
     * The best lower bound seen, the last prices at which demand fits the capacities, and how many
     * times every device's options were priced to get there.
     */
    record Result(double lowerBound, Priced feasibleSide, int evaluations) {}

    /**
     * Asked after every round whether the bound and the feasible side's choices are good enough to
     * stop.
     */
    interface RoundCheck {
        boolean enough(double lowerBound, Priced feasibleSide);
    }

    /**
     * A cell to solve: its devices, each one's candidate options (a subset of its own), and the
     * ingress capacity.
     */
    private record Cell(
            List<Problem.Device> devices, List<List<SplitOption>> candidates, double ingress) {}

    private static final RoundCheck NEVER_ENOUGH = (bound, priced) -> false;

    private final double finalDemandTolerance;

    /**
     * False evaluates a large cell's chunks one after another on the calling thread: same sums, no
     * threads.
     */
    private final boolean concurrent;

    /**
     * The cell the constructors that take one bind, for {@link #run}; null for a solver of any
     * cell.
     */
    private final Cell cell;

    DualAscent() {
        this(DEMAND_TOLERANCE);
    }

    /**
     * @param finalDemandTolerance how much of a resource may stay unused at the final prices
     *     (fraction)
     */
    DualAscent(double finalDemandTolerance) {
        this(finalDemandTolerance, true);
    }

    /**
     * @param concurrent whether large cells' evaluations use the fork-join pool (false: tests
     *     compare the two)
     */
    DualAscent(double finalDemandTolerance, boolean concurrent) {
        this(finalDemandTolerance, concurrent, null);
    }

    /** A solver bound to one cell, solved by {@link #run}. */
    DualAscent(List<Problem.Device> devices, List<List<SplitOption>> candidates, double ingress) {
        this(devices, candidates, ingress, DEMAND_TOLERANCE);
    }

    DualAscent(
            List<Problem.Device> devices,
            List<List<SplitOption>> candidates,
            double ingress,
            double finalDemandTolerance) {
        this(finalDemandTolerance, true, new Cell(devices, candidates, ingress));
    }

    private DualAscent(double finalDemandTolerance, boolean concurrent, Cell cell) {
        this.finalDemandTolerance = finalDemandTolerance;
        this.concurrent = concurrent;
        this.cell = cell;
    }

    /** Solves the bound cell. */
    Result run() {
        return run(NEVER_ENOUGH);
    }

    Result run(RoundCheck check) {
        return run(check, Prices.Point.ZERO, Map.of());
    }

    /**
     * Solves the bound cell from prices known to be close (a related problem's, which saves most of
     * the search), each device's screening starting from its option in {@code startOptions} (by
     * device id, where it still has it).
     */
    Result run(RoundCheck check, Prices.Point start, Map<String, SplitOption> startOptions) {
        if (cell == null) {
            throw new IllegalStateException("no cell bound: call solve with one");
        }
        return new Run(
                        cell.devices(),
                        cell.candidates(),
                        cell.ingress(),
                        finalDemandTolerance,
                        concurrent,
                        startOptions)
                .ascend(check, start.bandwidth(), start.compute());
    }

    /** Solves any cell from scratch. */
    Result solve(List<Problem.Device> devices, List<List<SplitOption>> candidates, double ingress) {
        return new Run(devices, candidates, ingress, finalDemandTolerance, concurrent, Map.of())
                .ascend(NEVER_ENOUGH, 0, 0);
    }

    /** One solve of one cell, and all it learns along the way. */
    private static final class Run {

        private final List<Problem.Device> devices;
        private final List<List<SplitOption>> candidates;
        private final double ingress;
        private final double finalDemandTolerance;

        /** Chunks an evaluation splits the devices into, and whether they run on the pool. */
        private final int chunks;

        private final boolean parallel;
        private final ScreeningBounds screening;

        /**
         * Each device's choice at the last evaluation: the first option screened against at the
         * next.
         */
        private final int[] lastChoice;

        private final ShareMemo memo;

        /** A first guess at the order of the prices, from the cell's best-case cost. */
        private final double priceScale;

        private double bestBound = Double.NEGATIVE_INFINITY;

        /** This round's tolerances, coarse at first. */
        private double demandTolerance;

        private double priceTolerance = PRICE_TOLERANCE;

        /** The last evaluation, as the search often asks for the same prices twice in a row. */
        private Priced last;

        /** Every device's options priced so far: the solve's cost. */
        private int evaluations;

        /** Excess demand seen along each price while the other stayed put. */
        private final AxisHistory bandwidthAxis = new AxisHistory();

        private final AxisHistory computeAxis = new AxisHistory();

        Run(
                List<Problem.Device> devices,
                List<List<SplitOption>> candidates,
                double ingress,
                double finalDemandTolerance,
                boolean concurrent,
                Map<String, SplitOption> startOptions) {
            this.devices = devices;
            this.candidates = candidates;
            this.ingress = ingress;
            this.finalDemandTolerance = finalDemandTolerance;
            int n = devices.size();
            chunks =
                    n < PARALLEL_FROM
                            ? 1
                            : CHUNKS_PER_THREAD * ForkJoinPool.getCommonPoolParallelism();
            parallel = concurrent && chunks > 1;
            screening = new ScreeningBounds(devices, candidates, parallel);
            memo = new ShareMemo(screening.slots());
            lastChoice = new int[n];
            double floorTotal = 0;
            for (int i = 0; i < n; i++) {
                // Start each device from its option with the lowest floor cost.
                int first = screening.firstSlot(i);
                int k = candidates.get(i).size();
                for (int j = 0; j < k; j++) {
                    if (screening.floorCost(first + j)
                            < screening.floorCost(first + lastChoice[i])) {
                        lastChoice[i] = j;
                    }
                }
                double floor = k == 0 ? 0 : screening.floorCost(first + lastChoice[i]);
                floorTotal += Double.isFinite(floor) ? floor : 0;
            }
            priceScale = floorTotal > 0 ? PRICE_SCALE_FRACTION * floorTotal : DEFAULT_PRICE_SCALE;
            if (!startOptions.isEmpty()) {
                for (int i = 0; i < n; i++) {
                    // The option chosen last time is usually chosen again: screening against it
                    // first leaves few others to solve.
                    int previous = candidates.get(i).indexOf(startOptions.get(devices.get(i).id()));
                    if (previous >= 0) {
                        lastChoice[i] = previous;
                    }
                }
            }
        }

        Result ascend(RoundCheck check, double startBandwidthPrice, double startComputePrice) {
            double lambda = startBandwidthPrice;
            double mu = startComputePrice;
            Priced current = evaluate(lambda, mu);
            if ((lambda > 0 || mu > 0) && fits(current) && check.enough(bestBound, current)) {
                // A related cell's prices already prove this plan good enough: the incremental
                // re-solve's common case, one evaluation.
                return new Result(bestBound, current, evaluations);
            }
            for (int round = 0; round < MAX_ROUNDS; round++) {
                double roundTolerance = COARSE / Math.pow(REFINEMENT_PER_ROUND, round);
                demandTolerance = Math.max(finalDemandTolerance, roundTolerance);
                priceTolerance = Math.max(PRICE_TOLERANCE, roundTolerance);
                final double fixedMu = mu;
                lambda =
                        balance(
                                l -> evaluate(l, fixedMu),
                                p -> p.bandwidthDemand() - ingress,
                                bandwidthAxis.at(fixedMu),
                                lambda,
                                priceScale / ingress,
                                ingress);
                final double fixedLambda = lambda;
                mu =
                        balance(
                                m -> evaluate(fixedLambda, m),
                                p -> p.computeDemand() - Problem.COMPUTE_CAPACITY,
                                computeAxis.at(fixedLambda),
                                mu,
                                priceScale,
                                Problem.COMPUTE_CAPACITY);
                Priced next = evaluate(lambda, mu);
                boolean settled =
                        Math.abs(next.dualValue() - current.dualValue())
                                <= SETTLED * Math.max(1, Math.abs(next.dualValue()));
                current = next;
                boolean precise =
                        demandTolerance == finalDemandTolerance
                                && priceTolerance == PRICE_TOLERANCE;
                if (fits(current) && ((settled && precise) || check.enough(bestBound, current))) {
                    break;
                }
            }
            return new Result(bestBound, current, evaluations);
        }

        private boolean fits(Priced p) {
            return p.bandwidthDemand() <= ingress * (1 + FIT_SLACK)
                    && p.computeDemand() <= Problem.COMPUTE_CAPACITY + FIT_SLACK;
        }

        /**
         * The smallest price (within tolerance) at which the excess demand is <= 0, searched from
         * {@code previous}: a price that already fits with little to spare is kept as it is. A
         * bracket end an earlier round saw on this axis (the other price unchanged) saves the probe
         * for one.
         */
        private double balance(
                DoubleFunction<Priced> at,
                ToDoubleFunction<Priced> excess,
                AxisHistory seen,
                double previous,
                double start,
                double capacity) {
            DoubleUnaryOperator f =
                    p -> {
                        double e = excess.applyAsDouble(at.apply(p));
                        seen.record(p, e);
                        return e;
                    };
            double lo;
            double hi;
            double fLo;
            double fHi;
            if (previous > 0) {
                double fPrevious = f.applyAsDouble(previous);
                Map.Entry<Double, Double> known;
                if (fPrevious > 0) {
                    lo = previous;
                    fLo = fPrevious;
                    known = seen.fittingAbove(previous);
                    hi = known != null ? known.getKey() : previous * NEAR_STEP;
                    fHi = known != null ? known.getValue() : f.applyAsDouble(hi);
                } else {
                    if (fPrevious > -demandTolerance * capacity) {
                        return previous;
                    }
                    hi = previous;
                    fHi = fPrevious;
                    known = seen.shortBelow(previous);
                    lo = known != null ? known.getKey() : previous / NEAR_STEP;
                    fLo = known != null ? known.getValue() : f.applyAsDouble(lo);
                    while (fLo <= 0) {
                        hi = lo;
                        fHi = fLo;
                        lo /= FAR_STEP;
                        if (lo < NEGLIGIBLE_PRICE * start) {
                            return f.applyAsDouble(0) <= 0 ? 0 : hi;
                        }
                        fLo = f.applyAsDouble(lo);
                    }
                }
            } else {
                fLo = f.applyAsDouble(0);
                if (fLo <= 0) {
                    return 0;
                }
                lo = 0;
                hi = start;
                fHi = f.applyAsDouble(hi);
            }
            while (fHi > 0) {
                lo = hi;
                fLo = fHi;
                hi *= FAR_STEP;
                if (hi > UNBOUNDED_PRICE) {
                    return hi;
                }
                fHi = f.applyAsDouble(hi);
            }
            return illinois(f, lo, fLo, hi, fHi, capacity);
        }

        /**
         * Regula falsi with the Illinois fix between a price with excess demand ({@code lo}) and
         * one without ({@code hi}): converges in a few steps where demand is smooth in the price
         * (many devices), and never worse than bisection's bracket where it jumps. Returns the
         * feasible end.
         */
        private double illinois(
                DoubleUnaryOperator f,
                double lo,
                double fLo,
                double hi,
                double fHi,
                double capacity) {
            if (fHi > -demandTolerance * capacity) {
                return hi;
            }
            int side = 0;
            for (int i = 0; i < MAX_BISECTIONS && hi - lo > priceTolerance * hi; i++) {
                double mid;
                if (lo > 0 && fHi + capacity > 0) {
                    // Demand falls roughly as a power of the price: interpolate log demand in log
                    // price.
                    double yLo = Math.log1p(fLo / capacity);
                    double yHi = Math.log1p(fHi / capacity);
                    double uLo = Math.log(lo);
                    double uHi = Math.log(hi);
                    mid =
                            yLo - yHi > 0
                                    ? Math.exp(uHi - yHi * (uHi - uLo) / (yHi - yLo))
                                    : Math.sqrt(lo * hi);
                } else {
                    mid = fLo - fHi > 0 ? hi - fHi * (hi - lo) / (fHi - fLo) : 0.5 * (lo + hi);
                }
                if (!(mid > lo && mid < hi)) {
                    mid = 0.5 * (lo + hi);
                }
                double value = f.applyAsDouble(mid);
                if (value > 0) {
                    lo = mid;
                    fLo = value;
                    if (side == -1) {
                        fHi /= 2;
                    }
                    side = -1;
                } else {
                    hi = mid;
                    fHi = value;
                    if (side == 1) {
                        fLo /= 2;
                    }
                    side = 1;
                    if (value > -demandTolerance * capacity) {
                        break; // fits and leaves little of the resource unused
                    }
                }
            }
            return hi;
        }

        private Priced evaluate(double bandwidthPrice, double computePrice) {
            if (last != null
                    && last.bandwidthPrice() == bandwidthPrice
                    && last.computePrice() == computePrice) {
                return last;
            }
            evaluations++;
            last = evaluateAfresh(bandwidthPrice, computePrice);
            return last;
        }

        private Priced evaluateAfresh(double bandwidthPrice, double computePrice) {
            int n = devices.size();
            int[] choice = new int[n];
            PricedResponse.Response[] responses = new PricedResponse.Response[n];
            double[] chunkValue = new double[chunks];
            double[] chunkBandwidth = new double[chunks];
            double[] chunkCompute = new double[chunks];
            IntStream range = IntStream.range(0, chunks);
            (parallel ? range.parallel() : range)
                    .forEach(
                            c -> {
                                int from = (int) ((long) n * c / chunks);
                                int to = (int) ((long) n * (c + 1) / chunks);
                                // Summed locally and stored once: chunks on different threads then
                                // share no cache line per device.
                                double value = 0;
                                double bandwidth = 0;
                                double compute = 0;
                                for (int i = from; i < to; i++) {
                                    PricedResponse.Response best =
                                            respond(i, bandwidthPrice, computePrice);
                                    choice[i] = lastChoice[i];
                                    responses[i] = best;
                                    value += best.value();
                                    bandwidth += best.bandwidthBps();
                                    compute += best.computeShare();
                                }
                                chunkValue[c] = value;
                                chunkBandwidth[c] = bandwidth;
                                chunkCompute[c] = compute;
                            });
            // Summed in chunk order, so results do not depend on thread timing.
            double total = 0;
            double bandwidth = 0;
            double compute = 0;
            for (int c = 0; c < chunks; c++) {
                total += chunkValue[c];
                bandwidth += chunkBandwidth[c];
                compute += chunkCompute[c];
            }
            double dual =
                    total - bandwidthPrice * ingress - computePrice * Problem.COMPUTE_CAPACITY;
            if (dual > bestBound) {
                bestBound = dual;
            }
            return new Priced(
                    bandwidthPrice, computePrice, choice, responses, dual, bandwidth, compute);
        }

        /**
         * Device i's best option at these prices, screened by the cheap bound; recorded as its last
         * choice.
         */
        private PricedResponse.Response respond(int i, double bandwidthPrice, double computePrice) {
            List<SplitOption> options = candidates.get(i);
            DeviceContext context = devices.get(i).context();
            int bestIndex = lastChoice[i];
            int first = screening.firstSlot(i);
            PricedResponse.Response best =
                    PricedResponse.of(
                            options.get(bestIndex),
                            context,
                            bandwidthPrice,
                            computePrice,
                            memo,
                            first + bestIndex);
            for (int k = 0; k < options.size(); k++) {
                if (k == bestIndex) {
                    continue;
                }
                double bound =
                        screening.bound(
                                first + k,
                                bandwidthPrice,
                                computePrice,
                                context.uplinkCapacityBps());
                if (!(bound < best.value())) {
                    continue; // cannot beat the best so far, whatever its shares
                }
                PricedResponse.Response r =
                        PricedResponse.of(
                                options.get(k),
                                context,
                                bandwidthPrice,
                                computePrice,
                                memo,
                                first + k);
                if (r.value() < best.value()) {
                    best = r;
                    bestIndex = k;
                }
            }
            lastChoice[i] = bestIndex;
            return best;
        }
    }

    /**
     * The excess demand seen at each price of one resource while the other resource's price stayed
     * at one value: later rounds, searching the same axis more finely, find a bracket end there.
     */
    private static final class AxisHistory {

        private double other = Double.NaN;
        private final TreeMap<Double, Double> excess = new TreeMap<>();

        /** Forgets what was seen at another price of the other resource. */
        AxisHistory at(double otherPrice) {
            if (otherPrice != other) {
                other = otherPrice;
                excess.clear();
            }
            return this;
        }

        void record(double price, double excessDemand) {
            excess.put(price, excessDemand);
        }

        /** The highest price below {@code price} seen with excess demand, or null. */
        Map.Entry<Double, Double> shortBelow(double price) {
            Map.Entry<Double, Double> e = excess.lowerEntry(price);
            while (e != null && e.getValue() <= 0) {
                e = excess.lowerEntry(e.getKey());
            }
            return e;
        }

        /** The lowest price above {@code price} seen where demand fits, or null. */
        Map.Entry<Double, Double> fittingAbove(double price) {
            Map.Entry<Double, Double> e = excess.higherEntry(price);
            while (e != null && e.getValue() > 0) {
                e = excess.higherEntry(e.getKey());
            }
            return e;
        }
    }
}
