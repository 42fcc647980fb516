package io.tandem.cli.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tandem.device.DeviceProgress;
import io.tandem.device.fleet.FleetDownloads;
import io.tandem.device.fleet.FleetRunner;
import io.tandem.device.fleet.FleetSpec;
import io.tandem.device.fleet.FleetSummary;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.repository.ModelRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a fleet with a progress line on the terminal, then prints its summary table and writes it as
 * JSON.
 */
public final class FleetSession {

    private FleetSession() {}

    public static FleetSummary run(
            FleetSpec spec,
            Path modelRoot,
            FleetDownloads downloads,
            Path summaryFile,
            PrintWriter out)
            throws InterruptedException, IOException {
        return run(spec, modelRoot, downloads, summaryFile, out, progress -> {});
    }

    /**
     * As {@link #run(FleetSpec, Path, FleetDownloads, Path, PrintWriter)}, also handing each
     * second's progress to {@code listener}.
     *
     * @param modelRoot the repository the devices are installed with
     * @param downloads where they download other versions from; null: nowhere
     */
    public static FleetSummary run(
            FleetSpec spec,
            Path modelRoot,
            FleetDownloads downloads,
            Path summaryFile,
            PrintWriter out,
            Consumer<List<DeviceProgress>> listener)
            throws InterruptedException, IOException {
        try (ModelRepository repository = ModelRepository.open(modelRoot, spec.modelId(), 1)) {
            FleetRunner fleet =
                    new FleetRunner(
                            spec,
                            repository,
                            LabeledImages.evaluationSubset(repository),
                            downloads);
            long start = System.nanoTime();
            out.printf(
                    "%d devices for %.0f s (classes %s; accuracy share %.2f; %d traces)%n",
                    spec.devices(),
                    spec.durationSeconds(),
                    spec.classes().stream().map(c -> c.name()).toList(),
                    spec.accuracyShare(),
                    spec.traces().size());
            out.flush();
            List<FleetRunner.Member> members =
                    fleet.run(
                            progress -> {
                                out.print(
                                        "\r"
                                                + FleetSummary.progressLine(
                                                        (System.nanoTime() - start) / 1e9,
                                                        progress));
                                out.flush();
                                listener.accept(progress);
                            });
            out.println();
            FleetSummary summary = FleetSummary.of(members);
            out.print(summary.table());
            long refused = members.stream().mapToLong(m -> m.report().plansRefused()).sum();
            if (refused > 0) {
                out.println(
                        refused
                                + " plans refused by devices as impossible to follow (per device in"
                                + " the summary JSON)");
            }
            if (summaryFile != null) {
                Path parent = summaryFile.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(summaryFile.toFile(), summary.asJson(members));
                out.println("summary written to " + summaryFile);
            }
            out.flush();
            return summary;
        }
    }
}
