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
 * Evaluation images with their labels: 28x28 grayscale, as the model's input (pixel / 255, NCHW
 * float32). Read from the repository's committed subset or from the full Fashion-MNIST test set of
 * Debian's dataset-fashion-mnist package.
 */
public record LabeledImages(Tensor images, int[] labels) {

    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    private static final int SIDE = 28;

    public int count() {
        return labels.length;
    }

    /** Images [from, to) as one batch. */
    public Tensor batch(int from, int to) {
        int size = SIDE * SIDE;
        float[] values = java.util.Arrays.copyOfRange(images.values(), from * size, to * size);
        return new Tensor(values, new long[] {to - from, 1, SIDE, SIDE});
    }

    /**
     * The evaluation subset a repository's manifest names (files relative to the repository root).
     */
    public static LabeledImages evaluationSubset(ModelRepository repository) {
        List<String> files = repository.manifest().evaluation().subsetFiles();
        Path root = repository.directory().getParent();
        return fromRaw(root.resolve(files.get(0)), root.resolve(files.get(1)));
    }

    /** Raw uint8 pixels (N x 784) and uint8 labels, as the repository commits its subset. */
    public static LabeledImages fromRaw(Path imagesFile, Path labelsFile) {
        try {
            byte[] pixels = Files.readAllBytes(imagesFile);
            byte[] labels = Files.readAllBytes(labelsFile);
            return of(pixels, labels);
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
            byte[] pixels = readIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), 0x803);
            byte[] labels = readIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), 0x801);
            return of(pixels, labels);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the Fashion-MNIST test set in "
                            + dir
                            + " (install Debian's dataset-fashion-mnist): "
                            + e.getMessage(),
                    e);
        }
    }

    private static LabeledImages of(byte[] pixels, byte[] labels) {
        int n = labels.length;
        if (pixels.length != n * SIDE * SIDE) {
            throw new IllegalArgumentException(
                    pixels.length + " pixel bytes do not hold " + n + " 28x28 images");
        }
        float[] values = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = (pixels[i] & 0xFF) / 255.0f;
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels[i] & 0xFF;
        }
        return new LabeledImages(new Tensor(values, new long[] {n, 1, SIDE, SIDE}), y);
    }

    private static byte[] readIdx(Path file, int magic) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
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
