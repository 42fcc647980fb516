package io.tandem.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.profile.ScissionProfile;
import io.tandem.planner.profile.ScissionSplitOptions;

/** Where a device class's split options come from: a model zoo manifest, or a Scission profile. */
@FunctionalInterface
public interface SplitOptionSource {

    /** Scission's 2-core edge VM, calibrated like {@link DeviceClass#RPI4}: ResNet-50, 8.2 GFLOP in 0.167 s. */
    double SCISSION_EDGE_FLOPS = 49e9;
    /** Scission profiles carry no accuracy; ResNet-50's ImageNet top-1 stands in for every split. */
    double SCISSION_ACCURACY = 0.76;

    List<SplitOption> forClass(DeviceClass deviceClass, double edgeFlops);

    static SplitOptionSource zoo(ModelManifest manifest, List<String> codecs) {
        return (deviceClass, edgeFlops) -> ZooSplitOptions.of(manifest, deviceClass.flopsPerSecond(), edgeFlops, codecs);
    }

    /**
     * Head times from the profile's Raspberry Pi 4 measurements scaled to the class, tail times
     * from its 2-core edge VM's scaled to the edge's speed.
     */
    static SplitOptionSource scission(ScissionProfile profile) {
        return (deviceClass, edgeFlops) -> ScissionSplitOptions.of(profile, "raspi4",
                deviceClass.flopsPerSecond() / DeviceClass.RPI4.flopsPerSecond(), "vm2Core", edgeFlops / SCISSION_EDGE_FLOPS,
                SCISSION_ACCURACY);
    }

    /** A zoo manifest (it has {@code versions}) or a Scission profile (it has {@code blocks}). */
    static SplitOptionSource read(Path file, List<String> codecs) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read profile " + file + ": " + e.getMessage(), e);
        }
        if (root != null && root.has("versions")) {
            return zoo(ModelManifest.read(file), codecs);
        }
        if (root != null && root.has("blocks")) {
            return scission(ScissionProfile.read(file));
        }
        throw new IllegalArgumentException(file + " is neither a model zoo manifest nor a Scission profile");
    }
}
