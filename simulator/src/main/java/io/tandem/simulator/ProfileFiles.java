package io.tandem.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.online.SplitOptionCatalog;
import io.tandem.planner.profile.ScissionCatalogs;
import io.tandem.planner.profile.ScissionProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what {@code --profile} names: a model zoo manifest, a Scission profile, or a family of
 * Scission profiles.
 */
public final class ProfileFiles {

    private ProfileFiles() {}

    /**
     * A zoo manifest has {@code versions} with partitions, a family {@code versions} with profiles,
     * a Scission profile {@code blocks}.
     *
     * @param codecs the codecs to offer from a zoo manifest (Scission profiles send float32)
     */
    public static SplitOptionCatalog read(Path file, List<String> codecs) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read profile " + file + ": " + e.getMessage(), e);
        }
        if (root != null
                && root.has("versions")
                && root.get("versions").isArray()
                && !root.get("versions").isEmpty()
                && root.get("versions").get(0).has("profile")) {
            return ScissionCatalogs.family(file);
        }
        if (root != null && root.has("versions")) {
            return ZooSplitOptions.catalog(ModelManifest.read(file), codecs);
        }
        if (root != null && root.has("blocks")) {
            return ScissionCatalogs.single(ScissionProfile.read(file));
        }
        throw new IllegalArgumentException(
                file + " is neither a model zoo manifest, a model family nor a Scission profile");
    }
}
