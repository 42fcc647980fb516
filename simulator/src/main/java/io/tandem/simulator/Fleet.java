package io.tandem.simulator;

import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.planner.online.SplitOptionCatalog;
import io.tandem.traces.BandwidthTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds the emulated devices of a run, reproducibly from the seed. */
public final class Fleet {

    private Fleet() {}

    /**
     * Devices take the classes in turn and the traces in a seeded order; each starts its trace at a
     * random point, draws its frame rate (from the configured ones), round trip (10 to 40 ms) and
     * task kind; deadlines are the task kind's, scaled by the configured factor.
     */
    public static List<SimulatedDevice> generate(
            SimulationConfig config, List<BandwidthTrace> traces, SplitOptionCatalog source) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("no traces to give the devices");
        }
        SplittableRandom random = new SplittableRandom(config.seed());
        List<BandwidthTrace> order = new ArrayList<>(traces);
        for (int i = order.size() - 1; i > 0; i--) {
            java.util.Collections.swap(order, i, random.nextInt(i + 1));
        }
        Map<DeviceClass, List<SplitOption>> optionsByClass = new HashMap<>();
        List<SimulatedDevice> devices = new ArrayList<>(config.devices());
        for (int i = 0; i < config.devices(); i++) {
            DeviceClass deviceClass = config.deviceClasses().get(i % config.deviceClasses().size());
            List<SplitOption> options =
                    optionsByClass.computeIfAbsent(
                            deviceClass, c -> List.copyOf(source.forClass(c, config.edgeFlops())));
            if (options.isEmpty()) {
                throw new IllegalArgumentException(
                        "the profile offers no split option (codecs " + config.codecs() + ")");
            }
            TaskKind task =
                    random.nextDouble() < config.accuracyShare()
                            ? TaskKind.ACCURACY
                            : TaskKind.LATENCY;
            BandwidthTrace trace = order.get(i % order.size());
            double offset = random.nextDouble() * trace.duration();
            double fps = config.frameRates().get(random.nextInt(config.frameRates().size()));
            double rtt = 0.010 + random.nextDouble() * 0.030;
            devices.add(
                    new SimulatedDevice(
                            String.format("%s-%03d", deviceClass.name(), i),
                            deviceClass,
                            task,
                            fps,
                            rtt,
                            task.defaultDeadlineSeconds() * config.deadlineScale(),
                            trace,
                            offset,
                            options));
        }
        return devices;
    }
}
