package io.tandem.models.distribution;

import io.tandem.models.repository.ModelManifest;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.ModelState;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which versions of the edge's repository a planner may plan: every version its manifest lists,
 * unless the newest announcement of it withdraws it, or announces files the repository does not
 * have (a file replaced or tampered with since). A version announced but not yet in the manifest is
 * not plannable until it is. Never none: if every version would go, the ones the manifest lists
 * stay, and the problem is reported.
 */
public final class DeployedVersions {

    private DeployedVersions() {}

    /**
     * @param problems told, one line each, why an announced version is not plannable
     */
    public static Set<String> plannable(
            ModelManifest manifest,
            Collection<ModelAnnouncement> announcements,
            Consumer<String> problems) {
        Map<String, ModelAnnouncement> newest = newestByVersion(manifest.model(), announcements);
        Set<String> versions = new LinkedHashSet<>();
        for (ModelManifest.Version v : manifest.versions()) {
            ModelAnnouncement a = newest.get(v.id());
            if (a == null) {
                versions.add(v.id()); // in the repository from the start
            } else if (a.getState() == ModelState.PUBLISHED) {
                Optional<String> disagreement = ModelAnnouncements.disagreement(a, manifest);
                if (disagreement.isPresent()) {
                    problems.accept(disagreement.get() + ": not planned");
                } else {
                    versions.add(v.id());
                }
            }
        }
        for (String announced : newest.keySet()) {
            if (newest.get(announced).getState() == ModelState.PUBLISHED
                    && !manifest.hasVersion(announced)) {
                problems.accept(
                        "version "
                                + announced
                                + " is announced but not in the edge's repository: not planned");
            }
        }
        if (versions.isEmpty()) {
            problems.accept("every version would be withdrawn: the repository's stay planned");
            manifest.versions().forEach(v -> versions.add(v.id()));
        }
        return versions;
    }

    private static Map<String, ModelAnnouncement> newestByVersion(
            String model, Collection<ModelAnnouncement> announcements) {
        Map<String, ModelAnnouncement> newest = new HashMap<>();
        for (ModelAnnouncement a : announcements) {
            if (!model.equals(a.getModelId().toString())) {
                continue;
            }
            // The later record wins, as on the compacted topic (not the publisher's clock).
            newest.put(a.getVersion().toString(), a);
        }
        return newest;
    }
}
