package io.tandem.benchmarks;

import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.online.InMemoryPlannerState;
import io.tandem.planner.online.OnlinePlanner;
import io.tandem.planner.online.PlannerSettings;
import io.tandem.schema.PlanReason;
import io.tandem.schema.TaskKind;
import io.tandem.schema.Telemetry;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One periodic re-solve of the edge job's policy ({@link OnlinePlanner}, its defaults: free and
 * held solves, hysteresis, dwell, admission) over a cell of devices already planned, as the planner
 * operator runs it every second. Sample mode: JMH prints the median (p0.50).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g"})
public class PolicyReplanBenchmark {

    @Param({"100", "1000"})
    public int devices;

    private OnlinePlanner policy;
    private InMemoryPlannerState state;
    private long now = 1_000_000L;

    @Setup
    public void setUp() {
        PlannerSettings settings =
                PlannerSettings.defaults()
                        .with(PlannerSettings.INGRESS_MBPS, devices * 2.0)
                        .with(PlannerSettings.EDGE_GFLOPS, devices * 0.3)
                        .with(PlannerSettings.CODECS, ZooCells.CODECS);
        policy =
                new OnlinePlanner(
                        ZooSplitOptions.catalog(
                                ModelManifest.read(ZooCells.manifestPath()), settings.codecs()),
                        settings);
        state = new InMemoryPlannerState();
        SplittableRandom random = new SplittableRandom(42);
        String[] classes = {"mcu", "rpi-zero", "rpi4"};
        for (int i = 0; i < devices; i++) {
            boolean accuracy = random.nextBoolean();
            policy.observe(
                    state,
                    Telemetry.newBuilder()
                            .setDeviceId("d" + i)
                            .setDeviceClass(classes[i % 3])
                            .setTaskKind(
                                    accuracy
                                            ? TaskKind.ACCURACY_SENSITIVE
                                            : TaskKind.LATENCY_SENSITIVE)
                            .setDeadlineMs(accuracy ? 200 : 60)
                            .setWindowStartMicros(now * 1000 - 1_000_000)
                            .setWindowEndMicros(now * 1000)
                            .setUplinkThroughputBps(0.5e6 + random.nextDouble() * 19.5e6)
                            .setRttMs(10 + random.nextDouble() * 30)
                            .setHeadComputeMs(0)
                            .setFramesSent(10)
                            .setFramesDropped(0)
                            .setQueueLength(0)
                            .setFrameRateHz(10 + random.nextInt(3) * 5)
                            .setPlanEpoch(0)
                            .build(),
                    now);
        }
        var first = policy.replan(state, PlanReason.DEVICE_JOINED, now).orElseThrow();
        System.out.printf(
                "%n%d devices: %d plans, objective %.4f, reported gap %.4f%%%n",
                devices,
                first.plans().size(),
                first.solution().objective(),
                100 * first.solution().gap());
    }

    @Benchmark
    public List<?> replan() {
        now += 1_000;
        state.devices().forEach(d -> d.lastSeenMillis = now); // the devices keep reporting
        return policy.replan(state, PlanReason.PERIODIC, now).orElseThrow().plans();
    }
}
