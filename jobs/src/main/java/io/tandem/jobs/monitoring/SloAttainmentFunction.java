package io.tandem.jobs.monitoring;

import io.tandem.schema.MonitorEvent;
import io.tandem.schema.RequestLatency;
import io.tandem.schema.SloAttainment;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import io.tandem.stats.Quantiles;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per device (keyed by device id): the share of its requests that met its deadline, every window.
 * Request latencies come from the tail operator, the deadline and task kind from the device's
 * telemetry; a window with no requests, or before the deadline is known, reports nothing.
 */
public final class SloAttainmentFunction
        extends KeyedCoProcessFunction<String, MonitorEvent, Telemetry, MonitorEvent> {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private transient ValueState<Double> deadlineMs;
    private transient ValueState<TaskKind> taskKind;
    private transient ListState<Double> latenciesMs;
    private transient ValueState<Long> windowEnd;
    private transient ValueState<String> cell;

    public SloAttainmentFunction(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    @Override
    public void open(OpenContext context) {
        deadlineMs =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("deadline-ms", Types.DOUBLE));
        taskKind =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "task-kind", Types.ENUM(TaskKind.class)));
        latenciesMs =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>("window-latencies-ms", Types.DOUBLE));
        windowEnd =
                getRuntimeContext().getState(new ValueStateDescriptor<>("window-end", Types.LONG));
        cell = getRuntimeContext().getState(new ValueStateDescriptor<>("cell", Types.STRING));
    }

    @Override
    public void processElement1(MonitorEvent event, Context ctx, Collector<MonitorEvent> out)
            throws Exception {
        if (!(event.getBody() instanceof RequestLatency latency)) {
            return;
        }
        latenciesMs.add(latency.getTotalMs());
        if (windowEnd.value() == null) {
            long end = ctx.timerService().currentProcessingTime() + windowMillis;
            windowEnd.update(end);
            ctx.timerService().registerProcessingTimeTimer(end);
        }
    }

    @Override
    public void processElement2(Telemetry telemetry, Context ctx, Collector<MonitorEvent> out)
            throws Exception {
        deadlineMs.update(telemetry.getDeadlineMs());
        taskKind.update(telemetry.getTaskKind());
        cell.update(telemetry.getCell());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MonitorEvent> out)
            throws Exception {
        windowEnd.clear();
        List<Double> window = new ArrayList<>();
        latenciesMs.get().forEach(window::add);
        latenciesMs.clear();
        Double deadline = deadlineMs.value();
        if (window.isEmpty() || deadline == null || !(deadline > 0)) {
            return;
        }
        int met = (int) window.stream().filter(l -> l <= deadline).count();
        double p95 = Quantiles.of(window, 0.95);
        SloAttainment slo =
                SloAttainment.newBuilder()
                        .setDeviceId(ctx.getCurrentKey())
                        .setTaskKind(taskKind.value() == null ? TaskKind.UNKNOWN : taskKind.value())
                        .setWindowMs(windowMillis)
                        .setRequests(window.size())
                        .setMetDeadline(met)
                        .setP95LatencyMs(p95)
                        .setCell(cell.value() == null ? "" : cell.value())
                        .build();
        out.collect(
                MonitorEvent.newBuilder()
                        .setEventTimeMicros(timestamp * 1000)
                        .setSource("edge/slo")
                        .setBody(slo)
                        .build());
    }
}
