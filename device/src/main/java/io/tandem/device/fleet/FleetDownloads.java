package io.tandem.device.fleet;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a fleet's devices download the versions they are planned onto and lack: the edge's
 * repository server, and a cache directory (one sub-directory per device, as each device keeps its
 * own).
 *
 * @param maxVersions downloaded versions each device keeps at most
 */
public record FleetDownloads(URI server, Path cacheRoot, int maxVersions) {

    /** Devices keep this many downloaded versions unless told otherwise. */
    public static final int DEFAULT_MAX_VERSIONS = 4;

    public FleetDownloads {
        if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme())) {
            throw new IllegalArgumentException(
                    "model server must be an http(s) URL, was " + server);
        }
        if (maxVersions < 1) {
            throw new IllegalArgumentException("devices keep at least 1 downloaded version");
        }
    }
}
