package io.tandem.planner.solve;

import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.cost.TaskWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but plausible cells: devices with a few split options each, always at least one that runs
 * locally.
 */
public final class RandomProblems {

    private RandomProblems() {}

    public static Problem generate(Random random, int devices, int optionsPerDevice) {
        List<Problem.Device> list = new ArrayList<>();
        double capacities = 0;
        for (int d = 0; d < devices; d++) {
            double capacity = 1e6 + random.nextDouble() * 19e6;
            capacities += capacity;
            DeviceContext context =
                    new DeviceContext(
                            5 + random.nextDouble() * 10,
                            capacity,
                            0.005 + random.nextDouble() * 0.045,
                            0.05 + random.nextDouble() * 0.25,
                            random.nextBoolean()
                                    ? TaskWeights.ACCURACY_SENSITIVE
                                    : TaskWeights.LATENCY_SENSITIVE);
            List<SplitOption> options = new ArrayList<>();
            options.add(
                    new SplitOption(
                            "local",
                            6,
                            "float32",
                            0.01 + random.nextDouble() * 0.04,
                            0,
                            40,
                            0.85 + random.nextDouble() * 0.03));
            for (int k = 1; k < optionsPerDevice; k++) {
                options.add(
                        new SplitOption(
                                "v" + k,
                                k,
                                "int8",
                                random.nextDouble() * 0.03,
                                0.001 + random.nextDouble() * 0.01,
                                100 + random.nextDouble() * 50_000,
                                0.86 + random.nextDouble() * 0.06));
            }
            list.add(new Problem.Device("d" + d, context, options));
        }
        return new Problem(list, capacities * (0.2 + 0.8 * random.nextDouble()));
    }
}
