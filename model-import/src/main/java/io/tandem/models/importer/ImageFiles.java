package io.tandem.models.importer;

import io.tandem.models.eval.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Labelled images for {@code models import --images}, in one of two documented formats:
 *
 * <ul>
 *   <li>a directory holding {@code images.u8} (uint8 pixels, N x C x H x W, row-major, read as
 *       pixel / 255) and {@code labels.u8} (one class index per image), the format a repository
 *       keeps its evaluation subset in;
 *   <li>an IDX images file ({@code *-images-idx3-ubyte}, optionally gzipped, as Fashion-MNIST),
 *       with its labels in the file named with {@code labels-idx1} in place of {@code images-idx3}.
 * </ul>
 */
final class ImageFiles {

    private ImageFiles() {}

    static LabeledImages read(Path images, long[] sampleShape) {
        try {
            if (Files.isDirectory(images)) {
                return LabeledImages.fromRaw(
                        images.resolve("images.u8"), images.resolve("labels.u8"), sampleShape);
            }
            String name = images.getFileName().toString();
            if (!name.contains("images-idx3")) {
                throw new ImportRefused(
                        "--images takes a directory with images.u8 and labels.u8, or an IDX"
                                + " '*-images-idx3-ubyte[.gz]' file; got "
                                + images);
            }
            Path labels = images.resolveSibling(name.replace("images-idx3", "labels-idx1"));
            return LabeledImages.fromIdx(images, labels, sampleShape);
        } catch (IOException e) {
            throw new ImportRefused("cannot read images " + images + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ImportRefused(e.getMessage(), e);
        }
    }
}
