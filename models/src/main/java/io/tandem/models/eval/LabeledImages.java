package io.tandem.models.eval;

import io.tandem.models.Tensor;
import io.tandem.models.repository.ModelRepository;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Evaluation images with their labels, as the model's input (pixel / 255, NCHW float32). Read from
 * a repository's committed subset, from raw files in the same format ({@code images.u8}: uint8
 * pixels, N x C x H x W row-major; {@code labels.u8}: one class index per image), or from the
 * Fashion-MNIST test set of Debian's dataset-fashion-mnist package.
 */
public record LabeledImages(Tensor images, int[] labels) {

    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    private static final long[] FASHION_MNIST_SAMPLE = {1, 28, 28};

    public int count() {
        return labels.length;
    }

    /** Images [from, to) as one batch. */
    public Tensor batch(int from, int to) {
        int size = images.sampleSize();
        float[] values = java.util.Arrays.copyOfRange(images.values(), from * size, to * size);
        long[] shape = images.shape().clone();
        shape[0] = to - from;
        return new Tensor(values, shape);
    }

    /**
     * The evaluation subset a repository's manifest names (files relative to the repository root),
     * shaped as the model's input.
     */
    public static LabeledImages evaluationSubset(ModelRepository repository) {
        List<String> files = repository.manifest().evaluation().subsetFiles();
        if (files == null || files.size() != 2) {
            throw new IllegalArgumentException(
                    "model "
                            + repository.manifest().model()
                            + " has no committed evaluation subset (import it with --images)");
        }
        Path root = repository.directory().getParent();
        return fromRaw(
                root.resolve(files.get(0)),
                root.resolve(files.get(1)),
                repository.manifest().sampleShape());
    }

    /** Raw uint8 pixels and labels, as a repository commits its subset. */
    public static LabeledImages fromRaw(Path imagesFile, Path labelsFile, long[] sampleShape) {
        try {
            byte[] pixels = Files.readAllBytes(imagesFile);
            byte[] labels = Files.readAllBytes(labelsFile);
            return of(pixels, labels, sampleShape);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read evaluation images: " + e.getMessage(), e);
        }
    }

    /**
     * The 10,000-image Fashion-MNIST test set in IDX format (gzipped), e.g. from Debian's package.
     */
    public static LabeledImages fashionMnistTestSet(Path dir) {
        try {
            return fromIdx(
                    dir.resolve("t10k-images-idx3-ubyte.gz"),
                    dir.resolve("t10k-labels-idx1-ubyte.gz"),
                    FASHION_MNIST_SAMPLE);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the Fashion-MNIST test set in "
                            + dir
                            + " (install Debian's dataset-fashion-mnist): "
                            + e.getMessage(),
                    e);
        }
    }

    /** IDX images and labels files (gzipped when named {@code *.gz}), as Fashion-MNIST ships. */
    public static LabeledImages fromIdx(Path imagesFile, Path labelsFile, long[] sampleShape)
            throws IOException {
        return of(readIdx(imagesFile, 0x803), readIdx(labelsFile, 0x801), sampleShape);
    }

    /** The first {@code n} images and labels as raw bytes, in the committed-subset format. */
    public byte[][] toRaw(int n) {
        int size = images.sampleSize();
        byte[] pixels = new byte[n * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.round(images.values()[i] * 255.0f);
        }
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) labels[i];
        }
        return new byte[][] {pixels, y};
    }

    private static LabeledImages of(byte[] pixels, byte[] labels, long[] sampleShape) {
        int n = labels.length;
        long sample = Tensor.elementCount(sampleShape);
        if (n == 0 || pixels.length != n * sample) {
            throw new IllegalArgumentException(
                    pixels.length
                            + " pixel bytes do not hold "
                            + n
                            + " images of "
                            + java.util.Arrays.toString(sampleShape)
                            + " (uint8, C x H x W)");
        }
        float[] values = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = (pixels[i] & 0xFF) / 255.0f;
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels[i] & 0xFF;
        }
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return new LabeledImages(new Tensor(values, shape), y);
    }

    private static byte[] readIdx(Path file, int magic) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream plain =
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                DataInputStream in = new DataInputStream(plain)) {
            int found = in.readInt();
            if (found != magic) {
                throw new IOException(file + " is not an IDX file of the expected kind");
            }
            int dims = magic & 0xFF;
            long count = 1;
            for (int d = 0; d < dims; d++) {
                count *= in.readInt();
            }
            return in.readNBytes(Math.toIntExact(count));
        }
    }
}
