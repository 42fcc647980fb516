package io.tandem.benchmarks;

import io.tandem.models.codec.CodecId;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.planner.solve.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Cells of the size the re-solve benchmark asks for: every device chooses among 3 versions x 6
 * partitions x 3 codecs of the bundled zoo model (54 options), with random but plausible links,
 * frame rates and tasks; ingress and edge grow with the cell so it stays congested.
 */
final class ZooCells {

    static final Set<Integer> PARTITIONS = Set.of(0, 2, 3, 4, 5, 6);
    static final List<String> CODECS = List.of("float32", "int8", "int4");

    private ZooCells() {}

    static Problem cell(int devices, long seed) {
        ModelManifest manifest = ModelManifest.read(manifestPath());
        double edgeFlops = devices * 0.3e9;
        List<List<SplitOption>> byClass = new ArrayList<>();
        for (DeviceClass deviceClass : DeviceClass.BUILT_IN) {
            byClass.add(
                    ZooSplitOptions.of(manifest, deviceClass.flopsPerSecond(), edgeFlops, CODECS)
                            .stream()
                            .filter(
                                    o ->
                                            PARTITIONS.contains(o.partition())
                                                    && !CodecId.isBottleneck(o.codec()))
                            .toList());
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Problem.Device> list = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            TaskKind task = random.nextBoolean() ? TaskKind.ACCURACY : TaskKind.LATENCY;
            DeviceContext context =
                    new DeviceContext(
                            10 + random.nextInt(3) * 5,
                            0.5e6 + random.nextDouble() * 19.5e6,
                            0.01 + random.nextDouble() * 0.03,
                            task.defaultDeadlineSeconds(),
                            task.weights());
            list.add(new Problem.Device("d" + i, context, byClass.get(i % byClass.size())));
        }
        return new Problem(list, devices * 2e6);
    }

    static Path manifestPath() {
        Path relative = Path.of("models", "zoo", "fmnist-resnet", "manifest.json");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(
                "run the benchmarks from inside the Tandem checkout (no " + relative + " found)");
    }
}
