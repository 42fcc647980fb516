package io.tandem.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which model repository and model family to use. */
public final class ModelOptions {

    @Option(
            names = "--repo",
            paramLabel = "DIR",
            description =
                    "Model repository root (env TANDEM_MODEL_REPO; default: models/zoo of this"
                            + " checkout).")
    Path repo;

    @Option(
            names = "--model",
            paramLabel = "ID",
            defaultValue = "${env:TANDEM_MODEL:-fmnist-resnet}",
            description =
                    "Model family in the repository (env TANDEM_MODEL; default ${DEFAULT-VALUE}).")
    String model;

    public Path repository() {
        if (repo != null) {
            return repo;
        }
        String fromEnv = System.getenv("TANDEM_MODEL_REPO");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return TandemHome.dir().resolve("models/zoo");
    }

    public String model() {
        return model;
    }
}
