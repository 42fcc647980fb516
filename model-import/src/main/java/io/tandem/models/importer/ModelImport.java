package io.tandem.models.importer;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tandem.models.Tensor;
import io.tandem.models.codec.EncodedFeatures;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.eval.SplitEvaluator;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * {@code models import}: reads an ONNX classifier, finds its legal cuts, chooses the partition
 * points, writes head and tail slices, checks every pair against the full model, measures FLOPs,
 * latency and (with labelled images) accuracy per codec, and adds the version to the repository.
 *
 * <p>Everything is built in a staging directory inside the repository; the repository changes only
 * at the end, by moving the finished version in and swapping the manifest atomically. A refused or
 * failed import leaves it exactly as it was.
 */
public final class ModelImport {

    private final ImportRequest request;
    private final Consumer<String> progress;

    public ModelImport(ImportRequest request, Consumer<String> progress) {
        this.request = request;
        this.progress = progress;
    }

    public ImportResult run() {
        Path modelDir = request.repository().resolve(request.model()).toAbsolutePath().normalize();
        Optional<ManifestFile> existing = ManifestFile.read(modelDir);
        if (existing.isPresent()
                && existing.get().hasVersion(request.version())
                && !request.replace()) {
            throw new ImportRefused(
                    "model "
                            + request.model()
                            + " already has version "
                            + request.version()
                            + "; give --replace to overwrite it");
        }
        OnnxGraph graph = OnnxGraph.read(request.onnx());
        long[] inputShape = InputShape.resolve(graph.input(), request.inputShape());
        existing.ifPresent(m -> requireSameInput(m.manifest(), inputShape));
        Path staging = staging();
        try (OrtSlices ort = new OrtSlices(request.threads())) {
            Map<String, long[]> shapes = TensorShapes.probe(graph, inputShape, ort);
            List<CutFigures> legal = figures(graph, LegalCuts.of(graph), shapes);
            progress.accept(
                    legal.size()
                            + " legal cuts among "
                            + graph.activations().size()
                            + " activations of "
                            + graph.nodes().size()
                            + " nodes");
            List<CutFigures> chosen = PartitionChoice.of(legal, request.maxPartitions());
            Path stagedModel = staging.resolve(request.model());
            StagedSlices slices = new StagedSlices(graph, stagedModel, request.version(), ort);
            ModelManifest.Slice full = slices.full(inputShape, shapes);
            double maxDiff = 0;
            List<ModelManifest.Partition> partitions = new ArrayList<>();
            try (OrtSession fullSession = ort.open(slices.bytes(full), "the full model")) {
                SplitCheck check = new SplitCheck(fullSession, inputShape, 11);
                for (int k = 0; k < chosen.size(); k++) {
                    CutFigures cut = chosen.get(k);
                    StagedSlices.Pair pair = slices.pair(k, cut, inputShape, shapes);
                    double diff = pair.maxAbsDiff(check);
                    if (diff > SplitCheck.TOLERANCE) {
                        throw new ImportRefused(
                                String.format(
                                        "head + tail at '%s' differ from the full model by %.3g"
                                                + " (tolerance %.0e)",
                                        cut.cut().tensor(), diff, SplitCheck.TOLERANCE));
                    }
                    maxDiff = Math.max(maxDiff, diff);
                    partitions.add(partition(k, cut, pair));
                    progress.accept(
                            String.format(
                                    "partition %d at '%s': %s, head %,d FLOPs, %,d B float32,"
                                            + " max |diff| %.2g",
                                    k,
                                    cut.cut().tensor(),
                                    Arrays.toString(cut.featureShape()),
                                    cut.headFlops(),
                                    cut.featureBytes(),
                                    diff));
                }
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
            ModelManifest.Version version =
                    new ModelManifest.Version(
                            request.version(),
                            request.width(),
                            chosen.size() - 1,
                            full,
                            partitions);
            ManifestFile manifest =
                    existing.map(ManifestFile::copy)
                            .orElseGet(
                                    () ->
                                            ManifestFile.create(
                                                    request.model(),
                                                    description(),
                                                    inputShape,
                                                    classNames(
                                                            shapes.get(graph.output().getName())[
                                                                    1])));
            if (request.images() != null) {
                version = measured(version, manifest, stagedModel, inputShape);
            }
            manifest.putVersion(version);
            commit(staging, stagedModel, modelDir, manifest);
            return new ImportResult(
                    request.model(),
                    request.version(),
                    legal.size(),
                    chosen.stream().map(c -> c.cut().tensor()).toList(),
                    maxDiff);
        } finally {
            deleteTree(staging);
        }
    }

    private static List<CutFigures> figures(
            OnnxGraph graph, List<Cut> cuts, Map<String, long[]> shapes) {
        List<CutFigures> out = new ArrayList<>();
        for (Cut cut : cuts) {
            long[] shape = shapes.get(cut.tensor());
            if (shape == null || shape.length == 0 || shape[0] != 1) {
                continue; // not a float tensor with a batch axis: nothing a codec can send
            }
            out.add(
                    new CutFigures(
                            cut,
                            TensorShapes.sampleOf(shape),
                            FlopCount.of(graph, cut.head(), shapes),
                            4 * Tensor.elementCount(shape)));
        }
        if (out.size() < 2) {
            throw new ImportRefused("the model has no legal cut with a float tensor");
        }
        return out;
    }

    private ModelManifest.Partition partition(int k, CutFigures cut, StagedSlices.Pair pair) {
        List<Integer> featureShape = new ArrayList<>();
        featureShape.add(1);
        Arrays.stream(cut.featureShape()).forEach(d -> featureShape.add((int) d));
        Tensor zeros =
                new Tensor(
                        new float[Math.toIntExact(cut.featureBytes() / 4)],
                        TensorShapes.batchOf(cut.featureShape()));
        List<ModelManifest.CodecFigures> codecs = new ArrayList<>();
        for (String codec : request.offeredCodecs()) {
            EncodedFeatures encoded = FeatureCodec.of(codec).encode(zeros);
            codecs.add(
                    new ModelManifest.CodecFigures(
                            codec,
                            encoded.payload().length,
                            encoded.quantParamBytes(),
                            null,
                            null));
        }
        return new ModelManifest.Partition(
                k,
                cut.cut().tensor(),
                featureShape,
                List.of(
                        new ModelManifest.Variant(
                                ModelManifest.Variant.Kind.plain,
                                pair.head(),
                                pair.tail(),
                                featureShape,
                                codecs)));
    }

    /** Accuracy per partition and codec on the images, and the subset the model keeps. */
    private ModelManifest.Version measured(
            ModelManifest.Version version,
            ManifestFile manifest,
            Path stagedModel,
            long[] inputShape) {
        LabeledImages images = ImageFiles.read(request.images(), inputShape);
        int keep = Math.min(request.subset(), images.count());
        if (!manifest.hasSubset() && keep > 0) {
            byte[][] raw = images.toRaw(keep);
            String prefix = request.model() + "/data/";
            write(stagedModel.resolve("data/eval-images.u8"), raw[0]);
            write(stagedModel.resolve("data/eval-labels.u8"), raw[1]);
            manifest.setSubset(
                    images.count(), keep, prefix + "eval-images.u8", prefix + "eval-labels.u8");
        }
        LabeledImages subset =
                new LabeledImages(
                        images.batch(0, Math.max(1, keep)),
                        Arrays.copyOf(images.labels(), Math.max(1, keep)));
        ManifestFile staged =
                ManifestFile.create(request.model(), description(), inputShape, List.of());
        staged.putVersion(version);
        staged.writeTo(stagedModel);
        List<ModelManifest.Partition> partitions = new ArrayList<>();
        try (ModelRepository repo =
                ModelRepository.open(stagedModel.getParent(), request.model(), request.threads())) {
            SplitEvaluator evaluator = new SplitEvaluator(repo);
            for (ModelManifest.Partition p : version.partitions()) {
                ModelManifest.Variant plain = p.variants().get(0);
                List<ModelManifest.CodecFigures> codecs = new ArrayList<>();
                for (ModelManifest.CodecFigures c : plain.codecs()) {
                    SliceKey key = new SliceKey(version.id(), p.partition(), false);
                    FeatureCodec codec = FeatureCodec.of(c.codec());
                    double all = evaluator.evaluate(key, codec, images).accuracy();
                    double sub = evaluator.evaluate(key, codec, subset).accuracy();
                    codecs.add(
                            new ModelManifest.CodecFigures(
                                    c.codec(), c.payloadBytes(), c.quantParamBytes(), all, sub));
                    progress.accept(
                            String.format(
                                    "partition %d %s: accuracy %.2f%% on %d images",
                                    p.partition(), c.codec(), 100 * all, images.count()));
                }
                partitions.add(
                        new ModelManifest.Partition(
                                p.partition(),
                                p.cut(),
                                p.featureShape(),
                                List.of(
                                        new ModelManifest.Variant(
                                                plain.kind(),
                                                plain.head(),
                                                plain.tail(),
                                                plain.codeShape(),
                                                codecs))));
            }
        }
        return new ModelManifest.Version(
                version.id(), version.width(), version.blocks(), version.full(), partitions);
    }

    /**
     * Moves the staged version (and any new evaluation subset) into the model's directory, then
     * swaps the manifest. A replaced version's files are moved aside first and deleted last.
     */
    private void commit(Path staging, Path stagedModel, Path modelDir, ManifestFile manifest) {
        try {
            Files.createDirectories(modelDir);
            Path target = modelDir.resolve(request.version());
            if (Files.exists(target)) {
                Files.move(target, staging.resolve("replaced"));
            }
            Files.move(stagedModel.resolve(request.version()), target);
            Path data = stagedModel.resolve("data");
            if (Files.isDirectory(data) && !Files.exists(modelDir.resolve("data"))) {
                Files.move(data, modelDir.resolve("data"));
            }
            manifest.writeTo(modelDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + modelDir + ": " + e.getMessage(), e);
        }
        progress.accept("added " + request.model() + " " + request.version() + " to " + modelDir);
    }

    private static void requireSameInput(ModelManifest manifest, long[] inputShape) {
        if (!manifest.versions().isEmpty() && !Arrays.equals(manifest.sampleShape(), inputShape)) {
            throw new ImportRefused(
                    "model "
                            + manifest.model()
                            + " takes inputs of "
                            + Arrays.toString(manifest.sampleShape())
                            + "; this one takes "
                            + Arrays.toString(inputShape));
        }
    }

    private List<String> classNames(long logits) {
        if (request.classes() == null) {
            return LongStream.range(0, logits).mapToObj(i -> "class " + i).toList();
        }
        if (request.classes().size() != logits) {
            throw new ImportRefused(
                    "--classes names "
                            + request.classes().size()
                            + " classes; the model has "
                            + logits
                            + " logits");
        }
        return request.classes();
    }

    private String description() {
        return request.description() != null
                ? request.description()
                : "imported from " + request.onnx().getFileName();
    }

    private Path staging() {
        try {
            Files.createDirectories(request.repository());
            return Files.createTempDirectory(
                    request.repository(), ".import-" + request.model() + "-");
        } catch (IOException e) {
            throw new ImportRefused(
                    "cannot write to the repository "
                            + request.repository()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover staging directory is hidden and never read; nothing else to do.
        }
    }
}
