package io.tandem.device.models;

import io.tandem.device.HeadStage;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.Plan;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The model versions one device can run: those installed with it, and, where it has a model server,
 * those it downloads ({@link VersionDownloads}). Says whether a plan's slice is ready, and gives
 * the repository that runs it.
 */
public final class DeviceModels {

    private final ModelRepository installed;
    private final VersionDownloads downloads;

    private DeviceModels(ModelRepository installed, VersionDownloads downloads) {
        this.installed = installed;
        this.downloads = downloads;
    }

    /** A device that runs only what it was installed with. */
    public static DeviceModels installedOnly(ModelRepository installed) {
        return new DeviceModels(installed, null);
    }

    /** A device that downloads versions it is planned onto and lacks. */
    public static DeviceModels downloading(ModelRepository installed, VersionDownloads downloads) {
        return new DeviceModels(installed, downloads);
    }

    /** Whether the device downloads versions (and so reads the models topic). */
    public boolean downloadsVersions() {
        return downloads != null;
    }

    public String modelId() {
        return installed.manifest().model();
    }

    /** The repository a plan's version runs from: installed first, else the downloads. */
    public ModelRepository repositoryFor(String version) {
        if (installed.hasVersion(version) || downloads == null || downloads.repository() == null) {
            return installed;
        }
        downloads.touch(version);
        return downloads.repository();
    }

    /** Whether the plan's slice can run now, is on its way, or never will on this device. */
    public Readiness readiness(Plan plan) {
        if (!modelId().equals(plan.getModelId())) {
            return Readiness.refused(
                    "plan for model " + plan.getModelId() + ", the device has " + modelId());
        }
        SliceKey key = HeadStage.sliceOf(plan);
        if (installed.hasVersion(key.version())) {
            try {
                installed.variant(key);
                return Readiness.READY;
            } catch (IllegalArgumentException e) {
                return Readiness.refused(e.getMessage());
            }
        }
        if (downloads == null) {
            return Readiness.refused(
                    "version "
                            + key.version()
                            + " is not on this device, which has no model server");
        }
        return downloads.readiness(key);
    }

    /** Takes in an announcement from the models topic (ignored without downloads). */
    public void announce(ModelAnnouncement a) {
        if (downloads != null) {
            downloads.announce(a);
        }
    }

    /** Versions the device runs without a download. */
    public Set<String> heldVersions() {
        Set<String> held = new TreeSet<>();
        installed.manifest().versions().forEach(v -> held.add(v.id()));
        if (downloads != null) {
            held.addAll(downloads.heldVersions());
        }
        return held;
    }

    public Optional<String> pendingVersion() {
        return downloads == null ? Optional.empty() : downloads.pendingVersion();
    }

    public int refusedDownloads() {
        return downloads == null ? 0 : downloads.refusedDownloads();
    }
}
