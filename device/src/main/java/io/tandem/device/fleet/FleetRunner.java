package io.tandem.device.fleet;

import io.tandem.device.DeviceAgent;
import io.tandem.device.DeviceClock;
import io.tandem.device.DeviceProgress;
import io.tandem.device.DeviceReport;
import io.tandem.device.DeviceSettings;
import io.tandem.device.HeadStage;
import io.tandem.device.SafeDefaultPlan;
import io.tandem.device.UplinkShaper;
import io.tandem.device.models.DeviceModels;
import io.tandem.device.models.VersionDownloads;
import io.tandem.models.distribution.SliceDownloader;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.repository.ModelRepository;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.traces.BandwidthTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fleet of {@link DeviceAgent}s in one JVM: each with its device class (its head slices
 * slowed to the class's speed), task kind and deadline, and uplink trace. Reports progress every
 * second and returns every device's report with its latencies.
 */
public final class FleetRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRunner.class);

    /** One device of the fleet: what it was, and what it measured. */
    public record Member(
            String deviceId,
            String deviceClass,
            TaskKind taskKind,
            String trace,
            DeviceReport report,
            double[] latenciesMs) {}

    private final FleetSpec spec;
    private final List<DeviceAgent> agents = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final List<VersionDownloads> opened = new ArrayList<>();

    public FleetRunner(FleetSpec spec, ModelRepository repository, LabeledImages images) {
        this(spec, repository, images, null);
    }

    /**
     * @param repository what every device is installed with
     * @param downloads where devices download other versions from; null: they never do
     */
    public FleetRunner(
            FleetSpec spec,
            ModelRepository repository,
            LabeledImages images,
            FleetDownloads downloads) {
        this.spec = spec;
        SplittableRandom random = new SplittableRandom(spec.seed());
        HeadStage installedOnly = new HeadStage(repository);
        for (int i = 0; i < spec.devices(); i++) {
            String id = FleetSpec.deviceId(i);
            DeviceClass cls = spec.classes().get(i % spec.classes().size());
            TaskKind kind =
                    Math.floor((i + 1) * spec.accuracyShare())
                                    > Math.floor(i * spec.accuracyShare())
                            ? TaskKind.ACCURACY
                            : TaskKind.LATENCY;
            BandwidthTrace trace = spec.traces().get(i % spec.traces().size());
            DeviceSettings settings =
                    new DeviceSettings(
                            id,
                            cls.name(),
                            kind.toWire(),
                            deadlineMs(kind),
                            spec.modelId(),
                            spec.bootstrapServers(),
                            spec.kafkaClient(id),
                            spec.topics(),
                            2.0,
                            spec.windowSeconds(),
                            10.0,
                            cls.flopsPerSecond(),
                            spec.cells().get(i % spec.cells().size()),
                            spec.signingKey(id));
            DeviceClock clock = DeviceClock.system();
            HeadStage head =
                    downloads == null ? installedOnly : downloading(id, repository, downloads);
            String smallest = repository.manifest().cheapestVersion().id();
            int last = repository.manifest().version(smallest).blocks();
            agents.add(
                    new DeviceAgent(
                            settings,
                            SafeDefaultPlan.of(
                                    id,
                                    spec.modelId(),
                                    smallest,
                                    last,
                                    "float32",
                                    spec.frameRateHz()),
                            head,
                            images,
                            new UplinkShaper(trace, random.nextDouble() * trace.duration(), clock),
                            clock));
            members.add(new Member(id, cls.name(), kind, trace.name(), null, null));
        }
    }

    /**
     * Runs every device for the spec's duration; calls {@code progress} about once a second
     * meanwhile.
     */
    public List<Member> run(Consumer<List<DeviceProgress>> progress) throws InterruptedException {
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        agents.size(),
                        r -> {
                            Thread t = new Thread(r, "fleet-device");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            List<Future<DeviceReport>> running = new ArrayList<>();
            for (DeviceAgent agent : agents) {
                running.add(pool.submit(() -> agent.run(spec.durationSeconds())));
            }
            while (!running.stream().allMatch(Future::isDone)) {
                TimeUnit.SECONDS.sleep(1);
                progress.accept(agents.stream().map(DeviceAgent::progress).toList());
            }
            List<Member> done = new ArrayList<>();
            for (int i = 0; i < agents.size(); i++) {
                Member m = members.get(i);
                done.add(
                        new Member(
                                m.deviceId(),
                                m.deviceClass(),
                                m.taskKind(),
                                m.trace(),
                                running.get(i).get(),
                                agents.get(i).latenciesMs()));
            }
            return done;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "a device failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
            // Their sessions close only once no device thread can still be running a head.
            if (pool.awaitTermination(30, TimeUnit.SECONDS)) {
                opened.forEach(VersionDownloads::close);
            }
        }
    }

    /** Progress so far, for callers that poll instead of being called back. */
    public List<DeviceProgress> progress() {
        return agents.stream().map(DeviceAgent::progress).toList();
    }

    private HeadStage downloading(String id, ModelRepository installed, FleetDownloads downloads) {
        VersionDownloads own =
                new VersionDownloads(
                        installed,
                        downloads.cacheRoot().resolve(id),
                        new SliceDownloader(downloads.server()),
                        downloads.maxVersions(),
                        line -> LOG.warn("{}: {}", id, line));
        opened.add(own);
        return new HeadStage(DeviceModels.downloading(installed, own));
    }

    /** The deadline a device of {@code kind} runs to, ms: its task kind's default. */
    public static double deadlineMs(TaskKind kind) {
        return kind.defaultDeadlineSeconds() * 1000;
    }
}
