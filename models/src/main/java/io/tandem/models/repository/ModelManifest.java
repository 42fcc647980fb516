package io.tandem.models.repository;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The model repository's {@code manifest.json}, as written by {@code models/training/train_zoo.py}:
 * every version of one model family, cut at every partition point, with a plain and (at mid
 * partitions) a bottleneck variant, and per codec the feature bytes and measured accuracy.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
        String model,
        String description,
        List<String> classes,
        List<String> codecs,
        Evaluation evaluation,
        List<Version> versions) {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Reads a manifest file; an unreadable one is a {@link ModelIntegrityException} naming it. */
    public static ModelManifest read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new ModelIntegrityException(
                    "cannot read manifest " + file + ": " + e.getMessage(), e);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Evaluation(int testImages, int subsetImages, List<String> subsetFiles) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Version(
            String id, double width, int blocks, Slice full, List<Partition> partitions) {

        public Partition partition(int k) {
            return partitions.stream()
                    .filter(p -> p.partition() == k)
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new IllegalArgumentException(
                                            "version " + id + " has no partition " + k));
        }
    }

    /**
     * One partition point: {@code cut} names the tensor sent (null in manifests written before
     * import existed, where the partition number alone identifies it).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Partition(
            int partition, String cut, List<Integer> featureShape, List<Variant> variants) {

        public Optional<Variant> variant(Variant.Kind kind) {
            return variants.stream().filter(v -> v.kind() == kind).findFirst();
        }
    }

    /** One way to run a split: the plain head/tail pair, or with the trained bottleneck. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Variant(
            Kind kind, Slice head, Slice tail, List<Integer> codeShape, List<CodecFigures> codecs) {

        public enum Kind {
            plain,
            bottleneck
        }

        public Optional<CodecFigures> codec(String id) {
            return codecs.stream().filter(c -> c.codec().equals(id)).findFirst();
        }
    }

    /**
     * One ONNX file; {@code file} is relative to the model's directory. {@code hostLatencyMs} is
     * the median batch-1 latency measured where the slice was imported (null when not measured).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Slice(
            String file,
            String sha256,
            TensorSpec input,
            TensorSpec output,
            long flops,
            long paramBytes,
            Double hostLatencyMs) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TensorSpec(String name, List<Integer> shape) {}

    /**
     * What a codec costs and keeps: bytes on the wire per frame and top-1 accuracy (test set and
     * committed subset). Accuracy is null when never measured (a model imported without labelled
     * images); {@link PlannedAccuracy} says what the planner assumes then.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CodecFigures(
            String codec,
            int payloadBytes,
            int quantParamBytes,
            Double accuracy,
            Double accuracySubset) {

        public boolean accuracyKnown() {
            return accuracy != null;
        }
    }

    /** One input sample's shape (C, H, W): the first version's full-model input without batch. */
    public long[] sampleShape() {
        List<Integer> shape = versions.get(0).full().input().shape();
        return shape.subList(1, shape.size()).stream().mapToLong(Integer::longValue).toArray();
    }

    /** The version with the fewest FLOPs per frame: what a device runs before any plan. */
    public Version cheapestVersion() {
        return versions.stream()
                .min(Comparator.comparingLong(v -> v.full().flops()))
                .orElseThrow(
                        () -> new IllegalArgumentException("model " + model + " has no version"));
    }

    /** Whether the manifest lists this version. */
    public boolean hasVersion(String id) {
        return versions.stream().anyMatch(v -> v.id().equals(id));
    }

    /** The same manifest with only the given versions, in their order here. */
    public ModelManifest only(Set<String> ids) {
        return new ModelManifest(
                model,
                description,
                classes,
                codecs,
                evaluation,
                versions.stream().filter(v -> ids.contains(v.id())).toList());
    }

    /** Every file of a version: the whole model, then each variant's head and tail. */
    public List<Slice> slices(String id) {
        Version v = version(id);
        List<Slice> slices = new ArrayList<>();
        slices.add(v.full());
        for (Partition p : v.partitions()) {
            for (Variant variant : p.variants()) {
                if (variant.head() != null) {
                    slices.add(variant.head());
                }
                if (variant.tail() != null) {
                    slices.add(variant.tail());
                }
            }
        }
        return slices;
    }

    public Version version(String id) {
        return versions.stream()
                .filter(v -> v.id().equals(id))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "model " + model + " has no version '" + id + "'"));
    }
}
