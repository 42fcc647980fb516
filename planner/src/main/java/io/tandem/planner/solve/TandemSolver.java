package io.tandem.planner.solve;

import io.tandem.planner.cost.SplitOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Tandem's default solver: Lagrangian relaxation, closed by branch and bound where it matters.
 *
 * <p>Prices on bandwidth and compute let every device pick its own best option and shares in
 * isolation (linear in devices x options); the dual value is a proven lower bound. The devices'
 * choices are then given their optimal shares ({@link FixedOptionAllocator}): a feasible plan. With
 * many devices the relaxation is nearly tight and this is the answer. With few devices the discrete
 * choices can leave a gap, and a best-first branch and bound over the devices' options (each node
 * bounded by its own relaxation) closes it to {@code tolerance}, within a node budget. The reported
 * lower bound is always proven: the smallest bound of any unexplored node.
 *
 * <p>Before any of this, options dominated in every respect are dropped ({@link DominatedOptions}),
 * and at the root the prices stop rising as soon as the plan they give is within tolerance of the
 * bound, which is what keeps large cells fast (see docs/planner.md).
 */
public final class TandemSolver implements Solver {

    private final double tolerance;
    private final int maxNodes;

    public TandemSolver() {
        this(0.002, 400);
    }

    /**
     * The budget an online planner re-solving every second affords: a 1% gap target and at most
     * {@value #ONLINE_MAX_NODES} nodes of branch and bound (the reported gap says what it left).
     */
    public static TandemSolver online() {
        return new TandemSolver(0.01, ONLINE_MAX_NODES);
    }

    static final int ONLINE_MAX_NODES = 8;

    public TandemSolver(double tolerance, int maxNodes) {
        this.tolerance = tolerance;
        this.maxNodes = maxNodes;
    }

    @Override
    public String name() {
        return "tandem";
    }

    /** A subproblem: each device restricted to some of its options, with its relaxation's bound. */
    private record Node(
            List<List<SplitOption>> candidates, double bound, DualAscent.Priced priced) {}

    @Override
    public Solution solve(Problem problem) {
        return solve(problem, WarmStart.NONE);
    }

    @Override
    public Solution solve(Problem problem, WarmStart warmStart) {
        long start = System.nanoTime();
        DominatedOptions dominance = new DominatedOptions();
        List<List<SplitOption>> all =
                problem.devices().stream().map(d -> dominance.prune(d.options())).toList();
        Incumbent best = new Incumbent(warmStart.prices().shares());
        // At the root, stop raising prices once the plan they give is within tolerance of the
        // bound.
        DualAscent.Result rootDual =
                new DualAscent(problem.devices(), all, problem.ingressBps())
                        .run(
                                (bound, priced) ->
                                        bound >= best.offer(problem, all, priced) * (1 - tolerance),
                                warmStart.prices().relaxation(),
                                warmStart.options());
        Node root = new Node(all, rootDual.lowerBound(), rootDual.feasibleSide());
        best.offer(problem, root);

        PriorityQueue<Node> open = new PriorityQueue<>(Comparator.comparingDouble(Node::bound));
        open.add(root);
        double prunedBound = Double.POSITIVE_INFINITY;
        int nodes = 1;
        while (!open.isEmpty() && nodes < maxNodes) {
            Node node = open.peek();
            if (node.bound() >= best.objective * (1 - tolerance)) {
                break; // best-first: every open node is at least as good a bound
            }
            open.poll();
            int device = branchingDevice(node);
            if (device < 0) {
                prunedBound =
                        Math.min(
                                prunedBound,
                                node.bound()); // a leaf: fully decided, its plan was offered
                continue;
            }
            for (SplitOption option : node.candidates().get(device)) {
                List<List<SplitOption>> restricted = new ArrayList<>(node.candidates());
                restricted.set(device, List.of(option));
                Node child = relax(problem, restricted, best.objective * (1 - tolerance));
                nodes++;
                best.offer(problem, child);
                if (child.bound() < best.objective * (1 - tolerance)) {
                    open.add(child);
                } else {
                    prunedBound = Math.min(prunedBound, child.bound());
                }
            }
        }
        double openBound =
                open.stream().mapToDouble(Node::bound).min().orElse(Double.POSITIVE_INFINITY);
        double lowerBound = Math.min(best.objective, Math.min(openBound, prunedBound));
        return new Solution(
                name(),
                best.assignments,
                best.objective,
                lowerBound,
                System.nanoTime() - start,
                new Prices(
                        new Prices.Point(
                                root.priced().bandwidthPrice(), root.priced().computePrice()),
                        best.sharePrices));
    }

    /**
     * A child's relaxation; its prices stop rising once its bound reaches {@code prunedAt}: the
     * node will be pruned whatever the rest of the search would prove.
     */
    private static Node relax(
            Problem problem, List<List<SplitOption>> candidates, double prunedAt) {
        DualAscent.Result dual =
                new DualAscent(problem.devices(), candidates, problem.ingressBps())
                        .run((bound, priced) -> bound >= prunedAt);
        return new Node(candidates, dual.lowerBound(), dual.feasibleSide());
    }

    /** Branch on the undecided device with the most options left; -1 when all are decided. */
    private static int branchingDevice(Node node) {
        int device = -1;
        for (int i = 0; i < node.candidates().size(); i++) {
            int size = node.candidates().get(i).size();
            if (size > 1 && (device < 0 || size > node.candidates().get(device).size())) {
                device = i;
            }
        }
        return device;
    }

    /** The best feasible plan found so far. */
    private static final class Incumbent {
        List<Assignment> assignments;
        double objective = Double.POSITIVE_INFINITY;

        /** The prices the best plan's shares balance at: the next solve's start. */
        Prices.Point sharePrices = Prices.Point.ZERO;

        /**
         * Where the first share search starts, when a previous solve knows (its choices were
         * probably much these); later ones start from the relaxation's prices.
         */
        private Prices.Point shareStart;

        Incumbent(Prices.Point shareStart) {
            this.shareStart = shareStart;
        }

        /** The choices offered last: the root's last check and the root itself offer the same. */
        private DualAscent.Priced lastOffered;

        void offer(Problem problem, Node node) {
            offer(problem, node.candidates(), node.priced());
        }

        /** Offers the plan these choices give; returns the best objective so far. */
        double offer(
                Problem problem, List<List<SplitOption>> candidates, DualAscent.Priced priced) {
            if (priced == lastOffered) {
                return this.objective;
            }
            lastOffered = priced;
            List<SplitOption> chosen = new ArrayList<>(candidates.size());
            for (int i = 0; i < candidates.size(); i++) {
                chosen.add(candidates.get(i).get(priced.choice()[i]));
            }
            Prices.Point start =
                    shareStart.known()
                            ? shareStart
                            : new Prices.Point(priced.bandwidthPrice(), priced.computePrice());
            shareStart = Prices.Point.ZERO;
            FixedOptionAllocator.Allocation allocation =
                    FixedOptionAllocator.allocate(problem, chosen, start);
            double objective = FixedOptionAllocator.objective(allocation.assignments());
            if (objective < this.objective || assignments == null) {
                this.objective = objective;
                this.assignments = allocation.assignments();
                this.sharePrices = allocation.prices();
            }
            return this.objective;
        }
    }
}
