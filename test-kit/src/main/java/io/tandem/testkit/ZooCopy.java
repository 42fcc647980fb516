package io.tandem.testkit;

import io.tandem.models.repository.RepositorySubset;
import java.nio.file.Path;
import java.util.List;

/**
 * A writable copy of the zoo model holding some of its versions, to which more can be added the way
 * an import adds them (files first, then the manifest renamed into place).
 */
public final class ZooCopy {

    private ZooCopy() {}

    /** A repository at {@code root} holding the zoo model with these versions only. */
    public static Path withVersions(Path root, String... versions) {
        RepositorySubset.add(Zoo.ROOT, Zoo.MODEL, List.of(versions), root);
        return root;
    }

    /** Adds one more of the zoo's versions to the copy at {@code root}. */
    public static void addVersion(Path root, String version) {
        RepositorySubset.add(Zoo.ROOT, Zoo.MODEL, List.of(version), root);
    }
}
