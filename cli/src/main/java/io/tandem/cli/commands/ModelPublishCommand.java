package io.tandem.cli.commands;

import io.tandem.cli.models.AnnouncementPublisher;
import io.tandem.cli.options.VersionOptions;
import io.tandem.models.distribution.ModelAnnouncements;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.ModelFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./tandem models publish}: adds a version to a deployment. With {@code --onnx} it is
 * imported into the repository first (every other flag goes to {@code models import}); then every
 * file is hashed against the manifest and the version is announced on the models topic, where the
 * edge's planner and the devices take it up.
 */
@Command(
        name = "publish",
        description = {
            "Announces a version of the repository on the models topic (files, SHA-256s, sizes,"
                    + " accuracy): the edge plans it and devices download it. With --onnx FILE the"
                    + " model is imported first; flags this command does not know go to 'models"
                    + " import'.",
            "The edge must serve the same repository (--repo) that the version is in."
        })
public final class ModelPublishCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin VersionOptions target;

    @Option(names = "--onnx", paramLabel = "FILE", description = "Import this model first.")
    Path onnx;

    @Unmatched List<String> importFlags = new ArrayList<>();

    @Override
    public Integer call() {
        if (onnx == null && !importFlags.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown option(s) " + importFlags + " (import options need --onnx)");
        }
        if (onnx != null) {
            int imported = importFirst();
            if (imported != 0) {
                return imported;
            }
        }
        ModelAnnouncement a =
                ModelAnnouncements.published(
                        target.models().repository().resolve(target.models().model()),
                        target.version(),
                        Clock.systemUTC());
        try (AnnouncementPublisher publisher =
                new AnnouncementPublisher(
                        target.kafka().bootstrap(),
                        target.kafka().client(),
                        target.kafka().topics())) {
            publisher.publish(a);
            long bytes = a.getFiles().stream().mapToLong(ModelFile::getSizeBytes).sum();
            spec.commandLine()
                    .getOut()
                    .printf(
                            "published %s on %s: %d files, %.1f MB%n",
                            ModelAnnouncements.key(a),
                            publisher.topic(),
                            a.getFiles().size(),
                            bytes / 1e6);
        }
        return 0;
    }

    private int importFirst() {
        List<String> args = new ArrayList<>();
        args.addAll(List.of("--onnx", onnx.toString(), "--version", target.version()));
        args.addAll(
                List.of(
                        "--model",
                        target.models().model(),
                        "--repo",
                        target.models().repository().toString()));
        args.addAll(importFlags);
        CommandLine importer = new CommandLine(new ModelImportCommand());
        importer.setOut(spec.commandLine().getOut());
        importer.setErr(spec.commandLine().getErr());
        importer.setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler());
        return importer.execute(args.toArray(String[]::new));
    }
}
