package io.tandem.jobs.planning;

import io.tandem.planner.online.DeviceStatistics;
import io.tandem.schema.Telemetry;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per device (keyed by device id): folds its telemetry windows, ordered by their own window end,
 * into {@link DeviceStatistics} kept in managed state, and emits the statistics after each new
 * window. A window not newer than the newest seen (a replay after a device restart, or one
 * reordered in transit) changes nothing and emits nothing.
 */
public final class DeviceStatisticsFunction
        extends KeyedProcessFunction<String, Telemetry, DeviceStatistics> {

    private static final long serialVersionUID = 1L;

    private final int keepWindows;
    private transient ValueState<DeviceStatistics> statistics;

    public DeviceStatisticsFunction(int keepWindows) {
        this.keepWindows = keepWindows;
    }

    @Override
    public void open(OpenContext context) {
        statistics =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "device-statistics",
                                        TypeInformation.of(DeviceStatistics.class)));
    }

    @Override
    public void processElement(Telemetry telemetry, Context ctx, Collector<DeviceStatistics> out)
            throws Exception {
        DeviceStatistics stats = statistics.value();
        if (stats == null) {
            stats = DeviceStatistics.of(ctx.getCurrentKey());
        }
        if (stats.update(telemetry, keepWindows, ctx.timerService().currentProcessingTime())) {
            statistics.update(stats);
            out.collect(stats);
        }
    }
}
