package io.tandem.models.importer;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What to import and how.
 *
 * @param images labelled images to measure accuracy on (a directory with {@code images.u8} and
 *     {@code labels.u8}, or an IDX images file); null to leave accuracy unknown
 * @param inputShape the input's shape without batch, where the model leaves it open; null to read
 *     it from the model
 * @param codecs feature codecs to offer; with no images only the lossless-enough float32 and
 *     float16 are offered, whatever is asked
 * @param subset how many of the images the repository keeps for devices and {@code models eval}
 *     when the model has no subset yet
 * @param classes the class names, in logit order, for a new model; null numbers them
 */
public record ImportRequest(
        Path onnx,
        String model,
        String version,
        Path repository,
        Path images,
        long[] inputShape,
        boolean replace,
        int maxPartitions,
        int threads,
        List<String> codecs,
        int subset,
        double width,
        String description,
        List<String> classes) {

    public static final List<String> ALL_CODECS =
            List.of("float32", "float16", "int8", "int8-pc", "int4", "int4-pc");
    public static final List<String> UNMEASURED_CODECS = List.of("float32", "float16");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ImportRequest {
        for (String id : new String[] {model, version}) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new ImportRefused(
                        "model and version ids are 1-64 letters, digits, '.', '_' or '-', got '"
                                + id
                                + "'");
            }
        }
    }

    /** Defaults for everything but the model file, ids and repository. */
    public static ImportRequest of(Path onnx, String model, String version, Path repository) {
        return builder(onnx, model, version, repository).build();
    }

    public static Builder builder(Path onnx, String model, String version, Path repository) {
        return new Builder(onnx, model, version, repository);
    }

    /** The request's defaults, overridden one option at a time. */
    public static final class Builder {
        private final Path onnx;
        private final String model;
        private final String version;
        private final Path repository;
        private Path images;
        private long[] inputShape;
        private boolean replace;
        private int maxPartitions = 8;
        private int threads = 1;
        private List<String> codecs = ALL_CODECS;
        private int subset = 300;
        private double width = 1.0;
        private String description;
        private List<String> classes;

        private Builder(Path onnx, String model, String version, Path repository) {
            this.onnx = onnx;
            this.model = model;
            this.version = version;
            this.repository = repository;
        }

        public Builder images(Path images) {
            this.images = images;
            return this;
        }

        public Builder inputShape(long[] inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        public Builder replace(boolean replace) {
            this.replace = replace;
            return this;
        }

        public Builder maxPartitions(int maxPartitions) {
            this.maxPartitions = maxPartitions;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder codecs(List<String> codecs) {
            this.codecs = codecs == null ? ALL_CODECS : List.copyOf(codecs);
            return this;
        }

        public Builder subset(int subset) {
            this.subset = subset;
            return this;
        }

        public Builder width(double width) {
            this.width = width;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder classes(List<String> classes) {
            this.classes = classes;
            return this;
        }

        public ImportRequest build() {
            return new ImportRequest(
                    onnx,
                    model,
                    version,
                    repository,
                    images,
                    inputShape,
                    replace,
                    maxPartitions,
                    threads,
                    codecs,
                    subset,
                    width,
                    description,
                    classes);
        }
    }

    List<String> offeredCodecs() {
        return images == null ? UNMEASURED_CODECS : codecs;
    }
}
