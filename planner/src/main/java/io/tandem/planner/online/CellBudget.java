package io.tandem.planner.online;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One edge cell's resources: the uplink ingress its devices share and the edge compute their tails
 * get. Written {@code NAME:INGRESS_MBPS:EDGE_GFLOPS} in the {@code cells} setting, e.g. {@code
 * north:30:100}. A device names its cell in its telemetry; the unnamed cell ({@link #DEFAULT}) is
 * the job's default and takes the {@code ingress-mbps} and {@code edge-gflops} settings.
 */
public record CellBudget(String name, double ingressMbps, double edgeGflops)
        implements Serializable {

    /** The cell of devices that name none. */
    public static final String DEFAULT = "";

    private static final int MAX_NAME_LENGTH = 64;

    public CellBudget {
        if (!(ingressMbps > 0) || !(edgeGflops > 0) || !Double.isFinite(ingressMbps + edgeGflops)) {
            throw new IllegalArgumentException(
                    "cell '" + name + "' needs ingress and edge GFLOP/s above 0");
        }
    }

    /** Parses one {@code NAME:INGRESS_MBPS:EDGE_GFLOPS} entry. */
    public static CellBudget parse(String entry) {
        String[] parts = entry.split(":");
        if (parts.length != 3 || !validName(parts[0])) {
            throw new IllegalArgumentException(
                    "a cell is NAME:INGRESS_MBPS:EDGE_GFLOPS with a name of letters, digits, '-'"
                            + " or '_' (at most "
                            + MAX_NAME_LENGTH
                            + "), e.g. north:30:100; got '"
                            + entry
                            + "'");
        }
        try {
            return new CellBudget(
                    parts[0], Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "cell '"
                            + parts[0]
                            + "': ingress and edge GFLOP/s are numbers; got '"
                            + entry
                            + "'");
        }
    }

    /** Every entry parsed; names must be unique. */
    public static List<CellBudget> parseAll(List<String> entries) {
        List<CellBudget> cells = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : entries) {
            CellBudget cell = parse(entry);
            if (!names.add(cell.name())) {
                throw new IllegalArgumentException("cell '" + cell.name() + "' is named twice");
            }
            cells.add(cell);
        }
        return List.copyOf(cells);
    }

    /** What is wrong with the entries, or empty when they all parse. */
    public static Optional<String> problem(List<String> entries) {
        try {
            parseAll(entries);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static boolean validName(String name) {
        return !name.isEmpty()
                && name.length() <= MAX_NAME_LENGTH
                && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }
}
