package io.tandem.planner.solve;

/**
 * Where a priced solver's two price searches ended: the relaxation's prices (at which every device
 * picked its option) and the prices at which the chosen options' shares fill the cell. Between two
 * re-solves of one cell both move little, so they start the next solve's searches ({@link
 * WarmStart}, {@link Solver#solve(Problem, WarmStart)}); {@link #NONE} starts from scratch.
 */
public record Prices(Point relaxation, Point shares) {

    /** A price on uplink bandwidth (per bit/s) and one on edge compute (per share of the edge). */
    public record Point(double bandwidth, double compute) {

        public static final Point ZERO = new Point(0, 0);

        public Point {
            if (!(bandwidth >= 0)
                    || !(compute >= 0)
                    || Double.isInfinite(bandwidth)
                    || Double.isInfinite(compute)) {
                throw new IllegalArgumentException(
                        "prices must be finite and >= 0: " + bandwidth + ", " + compute);
            }
        }

        public boolean known() {
            return bandwidth > 0 || compute > 0;
        }
    }

    public static final Prices NONE = new Prices(Point.ZERO, Point.ZERO);
}
