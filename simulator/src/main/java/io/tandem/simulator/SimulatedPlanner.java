package io.tandem.simulator;

import io.tandem.schema.Telemetry;
import java.util.List;
import java.util.Map;

/**
 * A planner in the simulation: at each window boundary, the plan of every device for the coming
 * window.
 */
interface SimulatedPlanner {

    String name();

    /**
     * The plans for window {@code window}, [from, to), in device order, given each device's
     * telemetry of the window that just ended (the device's estimate of its link, its queue).
     */
    List<WindowPlan> plan(
            int window, double from, double to, List<Telemetry> telemetry, PlannerMetrics metrics);

    /**
     * What the window's frames cost, per device id: the cost of the frames that arrived in it per
     * frame the device offers in a window (a learning planner's reward; others ignore it).
     */
    default void windowEnded(int window, Map<String, Double> costPerOfferedFrame) {}
}
