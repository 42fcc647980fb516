package io.tandem.planner.solve;

import io.tandem.planner.cost.SplitOption;
import java.util.HashMap;
import java.util.Map;

/**
 * What one solve of a cell leaves for the next solve of much the same cell: where its price
 * searches ended, and the option each device chose (by device id), the first each device's
 * screening tries. Only a start: the next solve's plan is as good as one from scratch (within the
 * solver's tolerance), found with far fewer evaluations when little changed.
 */
public record WarmStart(Prices prices, Map<String, SplitOption> options) {

    public static final WarmStart NONE = new WarmStart(Prices.NONE, Map.of());

    public WarmStart {
        options = Map.copyOf(options);
    }

    /** The start a solution leaves: its prices and its devices' options. */
    public static WarmStart after(Solution solution) {
        Map<String, SplitOption> options = new HashMap<>();
        for (Assignment a : solution.assignments()) {
            options.put(a.deviceId(), a.option());
        }
        return new WarmStart(solution.prices(), options);
    }
}
