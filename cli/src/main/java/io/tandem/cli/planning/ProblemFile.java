package io.tandem.cli.planning;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.TaskWeights;
import io.tandem.planner.fleet.TaskKind;
import io.tandem.planner.solve.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-device planning instance on disk (docs/planner.md): the cell's ingress and edge speed,
 * the model manifest whose splits the devices choose from, and the devices.
 */
// Unknown fields are errors: a misspelt field must not silently fall back to a default.
public record ProblemFile(
        String manifest,
        double ingressMbps,
        double edgeGflops,
        List<String> codecs,
        List<DeviceEntry> devices) {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public record DeviceEntry(
            String id,
            String task,
            double deadlineMs,
            double fps,
            double uplinkMbps,
            double rttMs,
            double gflops) {}

    public static ProblemFile read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ProblemFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read problem "
                            + file
                            + ": "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
    }

    /** The solver's problem; the manifest path is relative to the problem file's directory. */
    public Problem toProblem(Path file) {
        if (devices == null || devices.isEmpty()) {
            throw new IllegalArgumentException("problem " + file + " lists no devices");
        }
        Path manifestPath = file.toAbsolutePath().getParent().resolve(manifest);
        ModelManifest zoo = ModelManifest.read(manifestPath);
        List<Problem.Device> list = new ArrayList<>();
        for (DeviceEntry d : devices) {
            TaskWeights weights;
            try {
                weights = TaskKind.byLabel(d.task() == null ? "" : d.task()).weights();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("device " + d.id() + ": " + e.getMessage(), e);
            }
            DeviceContext context =
                    new DeviceContext(
                            d.fps(),
                            d.uplinkMbps() * 1e6,
                            d.rttMs() / 1000,
                            d.deadlineMs() / 1000,
                            weights);
            list.add(
                    new Problem.Device(
                            d.id(),
                            context,
                            ZooSplitOptions.of(
                                    zoo,
                                    d.gflops() * 1e9,
                                    edgeGflops * 1e9,
                                    codecs == null ? List.of() : codecs)));
        }
        return new Problem(list, ingressMbps * 1e6);
    }
}
