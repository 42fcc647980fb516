package io.tandem.cli.commands;

import io.tandem.cli.options.ModelOptions;
import io.tandem.models.codec.CodecId;
import io.tandem.models.importer.ImportRequest;
import io.tandem.models.importer.ImportResult;
import io.tandem.models.importer.ModelImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tandem models import}: brings an ONNX classifier into the repository as a version. */
@Command(
        name = "import",
        description = {
            "Adds an ONNX image classifier (one image input, one logits output, opset >= 13) to"
                    + " the repository as a version of --model: finds its legal single-tensor"
                    + " cuts, offers those on the Pareto front of device FLOPs vs bytes sent"
                    + " (plus the input and the output), writes head/tail slices checked against"
                    + " the full model, and records FLOPs, host latency and, with --images,"
                    + " accuracy per codec.",
            "The last line printed is JSON: model, version, legal_cuts, partitions,"
                    + " max_abs_diff. A refused import leaves the repository as it was."
        })
public final class ModelImportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    // No standard mixin: its --version (print the tool's version) would shadow the model version.
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Mixin ModelOptions models;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The model.")
    Path onnx;

    @Option(
            names = "--version",
            required = true,
            paramLabel = "ID",
            description = "Version id, e.g. w50 (letters, digits, '.', '_', '-').")
    String version;

    @Option(
            names = "--images",
            paramLabel = "DIR|FILE",
            description =
                    "Labelled images to measure accuracy on: a directory with images.u8 (uint8,"
                            + " N x C x H x W) and labels.u8 (one byte per image), or an IDX"
                            + " '*-images-idx3-ubyte[.gz]' file beside its labels-idx1 file."
                            + " Without, accuracy is unknown and only float32/float16 are"
                            + " offered.")
    Path images;

    @Option(
            names = "--input-shape",
            paramLabel = "C,H,W",
            description = "The input's shape without batch, where the model leaves it dynamic.")
    String inputShape;

    @Option(names = "--replace", description = "Overwrite the version if it exists.")
    boolean replace;

    @Option(
            names = "--max-partitions",
            defaultValue = "8",
            description =
                    "Most partition points to offer, input and output included (default"
                            + " ${DEFAULT-VALUE}).")
    int maxPartitions;

    @Option(
            names = "--codecs",
            split = ",",
            paramLabel = "CODEC",
            description = "Feature codecs to measure with --images (default: all six).")
    List<String> codecs;

    @Option(
            names = "--subset",
            defaultValue = "300",
            description =
                    "Images of --images the repository keeps for devices and 'models eval' when"
                            + " the model has none yet (default ${DEFAULT-VALUE}).")
    int subset;

    @Option(
            names = "--width",
            defaultValue = "1.0",
            description = "The version's width (compression scale), for reports (default 1.0).")
    double width;

    @Option(names = "--description", description = "The model's description, when it is new.")
    String description;

    @Option(
            names = "--classes",
            split = ",",
            paramLabel = "NAME",
            description = "Class names in logit order, when the model is new (default: numbered).")
    List<String> classes;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "ONNX Runtime intra-op threads for checks and timing (default 1).")
    int threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (codecs != null) {
            codecs.forEach(CodecId::parse);
        }
        ImportRequest request =
                ImportRequest.builder(onnx, models.model(), version, models.repository())
                        .images(images)
                        .inputShape(inputShape == null ? null : shape(inputShape))
                        .replace(replace)
                        .maxPartitions(maxPartitions)
                        .threads(threads)
                        .codecs(codecs)
                        .subset(subset)
                        .width(width)
                        .description(description)
                        .classes(classes)
                        .build();
        ImportResult result =
                new ModelImport(
                                request,
                                line -> {
                                    out.println(line);
                                    out.flush();
                                })
                        .run();
        out.println(result.toJsonLine());
        return 0;
    }

    private static long[] shape(String text) {
        try {
            return Arrays.stream(text.split(","))
                    .map(String::trim)
                    .mapToLong(Long::parseLong)
                    .toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--input-shape takes comma-separated integers, e.g. 3,96,96");
        }
    }
}
