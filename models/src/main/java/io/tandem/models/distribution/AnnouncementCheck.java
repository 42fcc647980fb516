package io.tandem.models.distribution;

import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.ModelFile;
import io.tandem.schema.ModelState;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an announcement must be before anyone acts on it: a model and version named as the
 * repository names them, a known state, and, when published, files with relative paths, sizes and
 * SHA-256s, and the version's manifest entry.
 */
public final class AnnouncementCheck {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /** What a file path may be made of: it goes into URLs and file names unescaped. */
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private AnnouncementCheck() {}

    public static Optional<String> problem(ModelAnnouncement a) {
        if (!ID.matcher(a.getModelId()).matches() || !ID.matcher(a.getVersion()).matches()) {
            return Optional.of("model and version must match " + ID);
        }
        if (a.getState() == ModelState.UNKNOWN) {
            return Optional.of("unknown state");
        }
        if (a.getState() == ModelState.WITHDRAWN) {
            return Optional.empty();
        }
        if (a.getFiles().isEmpty() || a.getManifestEntry() == null) {
            return Optional.of("a published version lists its files and manifest entry");
        }
        for (ModelFile f : a.getFiles()) {
            String path = f.getPath().toString();
            if (!PATH.matcher(path).matches() || path.contains("..")) {
                return Optional.of("file path '" + path + "' is not inside the model");
            }
            if (!SHA256.matcher(f.getSha256()).matches() || f.getSizeBytes() <= 0) {
                return Optional.of("file " + path + " lacks a SHA-256 or a size");
            }
        }
        return Optional.empty();
    }
}
