package io.tandem.testkit;

import java.nio.file.Path;

/**
 * Paths in the checkout the tests run from: the build sets {@code tandem.repo.root}; a module's own
 * directory is the fallback, so a test run from an IDE finds the same files.
 */
public final class Checkout {

    public static final Path ROOT =
            Path.of(System.getProperty("tandem.repo.root", "..")).toAbsolutePath().normalize();
    public static final Path ZOO = ROOT.resolve("models/zoo");
    public static final Path TRACES = ROOT.resolve("data/traces");
    public static final String MODEL = "fmnist-resnet";

    private Checkout() {}

    /** The zoo model's manifest. */
    public static Path zooManifest() {
        return ZOO.resolve(MODEL).resolve("manifest.json");
    }
}
