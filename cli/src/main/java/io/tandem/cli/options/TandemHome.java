package io.tandem.cli.options;

import java.nio.file.Path;

/**
 * The checkout the commands read bundled data from: {@code ./tandem} exports TANDEM_HOME, else the
 * working directory.
 */
public final class TandemHome {

    private TandemHome() {}

    public static Path dir() {
        String home = System.getenv("TANDEM_HOME");
        return Path.of(home == null || home.isBlank() ? "." : home);
    }
}
