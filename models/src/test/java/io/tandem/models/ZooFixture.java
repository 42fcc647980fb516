package io.tandem.models;

import java.nio.file.Path;

/** The committed model zoo, located from the build. */
public final class ZooFixture {

    public static final String MODEL = "fmnist-resnet";
    public static final Path ROOT =
            Path.of(System.getProperty("tandem.repo.root", ".."))
                    .resolve("models/zoo")
                    .toAbsolutePath()
                    .normalize();

    private ZooFixture() {}
}
