package io.tandem.cli.commands;

import io.tandem.cli.options.ModelOptions;
import io.tandem.models.codec.CodecId;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.eval.PayloadReduction;
import io.tandem.models.eval.SplitEvaluator;
import io.tandem.models.eval.ZooReport;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tandem models}: check and measure the model repository. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description =
                "Imports, publishes, withdraws, serves, verifies, evaluates or reports on the"
                        + " model repository.",
        subcommands = {
            ModelImportCommand.class,
            ModelPublishCommand.class,
            ModelWithdrawCommand.class,
            ModelServeCommand.class,
            ModelsCommand.Verify.class,
            ModelsCommand.Eval.class,
            ModelsCommand.Report.class
        })
public final class ModelsCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description =
                    "Checks every slice the manifest lists: present, inside the repository, SHA-256"
                            + " as recorded.")
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin ModelOptions models;

        @Override
        public Integer call() {
            try (ModelRepository repo =
                    ModelRepository.open(models.repository(), models.model(), 1)) {
                List<String> problems = repo.verifyAll();
                if (!problems.isEmpty()) {
                    problems.forEach(
                            p -> spec.commandLine().getErr().println("tandem models verify: " + p));
                    return 1;
                }
                spec.commandLine()
                        .getOut()
                        .printf(
                                "%s: %d slices verified%n",
                                repo.directory(), repo.allSlices().size());
                return 0;
            }
        }
    }

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description =
                    "Prints the manifest's figures (accuracy per version, bytes and accuracy per"
                            + " split and codec) as Markdown.")
    static final class Report implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin ModelOptions models;

        @Override
        public Integer call() {
            try (ModelRepository repo =
                    ModelRepository.open(models.repository(), models.model(), 1)) {
                spec.commandLine().getOut().print(ZooReport.markdown(repo.manifest()));
                return 0;
            }
        }
    }

    @Command(
            name = "eval",
            mixinStandardHelpOptions = true,
            description = {
                "Runs head -> codec -> tail for every combination on labelled images and prints"
                        + " accuracy and bytes.",
                "Uses the repository's committed subset, or with --full the 10k Fashion-MNIST test"
                        + " set of Debian's dataset-fashion-mnist."
            })
    static final class Eval implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin ModelOptions models;

        @Option(
                names = "--full",
                description =
                        "Evaluate on the full 10,000-image test set (needs dataset-fashion-mnist).")
        boolean full;

        @Option(
                names = "--versions",
                split = ",",
                paramLabel = "ID",
                description = "Only these versions (default: all).")
        Set<String> versions;

        @Option(
                names = "--codecs",
                split = ",",
                paramLabel = "CODEC",
                description =
                        "Only these codecs, e.g. int8,int4-pc (default: all of the manifest's).")
        Set<String> codecs;

        @Option(
                names = "--zstd",
                description = "Also compress payloads with zstd and report their size.")
        boolean zstd;

        @Option(
                names = "--threads",
                defaultValue = "2",
                description = "ONNX Runtime intra-op threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ModelRepository repo =
                    ModelRepository.open(models.repository(), models.model(), threads)) {
                ModelManifest manifest = repo.manifest();
                LabeledImages images =
                        full
                                ? LabeledImages.fashionMnistTestSet(
                                        LabeledImages.DEBIAN_FASHION_MNIST)
                                : LabeledImages.evaluationSubset(repo);
                out.printf(
                        "%s on %d images (%s)%n",
                        manifest.model(),
                        images.count(),
                        full ? "full test set" : "committed subset");
                out.printf(
                        "%-7s %3s %-10s %-16s %9s %9s %9s%n",
                        "version", "p", "variant", "codec", "bytes", "accuracy", "manifest");
                SplitEvaluator evaluator = new SplitEvaluator(repo);
                for (ModelManifest.Version version : manifest.versions()) {
                    if (versions != null && !versions.contains(version.id())) {
                        continue;
                    }
                    for (ModelManifest.Partition partition : version.partitions()) {
                        for (ModelManifest.Variant variant : partition.variants()) {
                            boolean bn = variant.kind() == ModelManifest.Variant.Kind.bottleneck;
                            for (ModelManifest.CodecFigures figures : variant.codecs()) {
                                if (codecs != null && !codecs.contains(figures.codec())) {
                                    continue;
                                }
                                CodecId id =
                                        CodecId.parse(figures.codec())
                                                .withBottleneck(bn)
                                                .withZstd(zstd);
                                SplitEvaluator.Score s =
                                        evaluator.evaluate(
                                                new SliceKey(
                                                        version.id(), partition.partition(), bn),
                                                new FeatureCodec(id),
                                                images);
                                Double recorded =
                                        full ? figures.accuracy() : figures.accuracySubset();
                                out.printf(
                                        "%-7s %3d %-10s %-16s %9.0f %8.2f%% %9s%n",
                                        version.id(),
                                        partition.partition(),
                                        variant.kind(),
                                        id,
                                        s.meanPayloadBytes(),
                                        100 * s.accuracy(),
                                        recorded == null
                                                ? "unknown"
                                                : String.format("%.2f%%", 100 * recorded));
                                out.flush();
                            }
                        }
                    }
                }
                PayloadReduction.best(manifest, 1.0)
                        .ifPresent(
                                r ->
                                        out.println(
                                                "best payload reduction vs float32 features at <= 1"
                                                        + " point loss: "
                                                        + r));
                return 0;
            }
        }
    }
}
