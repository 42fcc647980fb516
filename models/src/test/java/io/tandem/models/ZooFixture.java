package io.tandem.models;

import java.nio.file.Path;

import io.tandem.models.eval.LabeledImages;
import io.tandem.models.repository.ModelManifest;

/** The committed model zoo and its evaluation subset, located from the build. */
public final class ZooFixture {

    public static final String MODEL = "fmnist-resnet";
    public static final Path ROOT = Path.of(System.getProperty("tandem.repo.root", "..")).resolve("models/zoo").toAbsolutePath().normalize();

    private ZooFixture() {
    }

    public static LabeledImages subset(ModelManifest manifest) {
        var files = manifest.evaluation().subsetFiles();
        return LabeledImages.fromRaw(ROOT.resolve(files.get(0)), ROOT.resolve(files.get(1)));
    }
}
