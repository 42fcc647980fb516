package io.tandem.planner.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.online.SplitOptionCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scission's measured profiles as the planner's catalogue. Head times are the profile's Raspberry
 * Pi 4 measurements scaled to the device class (calibrated like {@link DeviceClass#RPI4}); tail
 * times its 2-core edge VM's scaled to the edge's speed; float32 features as Scission sends them.
 *
 * <p>A <em>family</em> file treats several profiles as versions of one classifier, so the planner
 * chooses model and split together on real timings and feature sizes:
 *
 * <pre>
 * {"model": "imagenet", "versions": [{"id": "mobilenetv2", "profile": "mobilenetv2.json", "top1": 0.713}, ...]}
 * </pre>
 *
 * with profile paths relative to the family file and top-1 accuracy in [0, 1].
 */
public final class ScissionCatalogs {

    /**
     * Scission's 2-core edge VM, calibrated like {@link DeviceClass#RPI4}: ResNet-50, 8.2 GFLOP in
     * 0.167 s.
     */
    public static final double EDGE_VM_FLOPS = 49e9;

    /** A lone profile carries no accuracy; ResNet-50's ImageNet top-1 stands in for every split. */
    public static final double SINGLE_PROFILE_ACCURACY = 0.76;

    private static final String DEVICE_PLATFORM = "raspi4";
    private static final String EDGE_PLATFORM = "vm2Core";

    /** One entry of a family file. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Member(String id, String profile, Double top1) {}

    /** A family file's contents. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Family(String model, List<Member> versions) {}

    private record Version(String id, ScissionProfile profile, double accuracy) {}

    private ScissionCatalogs() {}

    /**
     * One profile, one version; every split gets {@link #SINGLE_PROFILE_ACCURACY}, so only latency
     * is traded.
     */
    public static SplitOptionCatalog single(ScissionProfile profile) {
        return catalog(
                profile.model(),
                List.of(new Version(profile.model(), profile, SINGLE_PROFILE_ACCURACY)),
                false);
    }

    /**
     * A family file; a clear error for a missing profile, a duplicate id or an accuracy outside [0,
     * 1].
     */
    public static SplitOptionCatalog family(Path file) {
        Family family;
        try {
            family = new ObjectMapper().readValue(file.toFile(), Family.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read model family " + file + ": " + e.getMessage(), e);
        }
        if (family.model() == null || family.versions() == null || family.versions().isEmpty()) {
            throw new IllegalArgumentException(
                    "model family " + file + " needs a model and at least one version");
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Version> versions = new ArrayList<>();
        for (Member m : family.versions()) {
            if (m.id() == null
                    || m.profile() == null
                    || m.top1() == null
                    || !(m.top1() >= 0 && m.top1() <= 1)) {
                throw new IllegalArgumentException(
                        "model family "
                                + file
                                + ": every version needs an id, a profile and a top1 in [0, 1]");
            }
            if (versions.stream().anyMatch(v -> v.id().equals(m.id()))) {
                throw new IllegalArgumentException(
                        "model family " + file + " lists version '" + m.id() + "' twice");
            }
            versions.add(
                    new Version(m.id(), ScissionProfile.read(dir.resolve(m.profile())), m.top1()));
        }
        return catalog(family.model(), versions, true);
    }

    /**
     * The cuts on the front of head cost against bytes sent: partition 0, the whole model, and
     * every cut that sends less than the input and every earlier cut. A later cut sending no less
     * costs more head time for the same uplink, so only its smaller tail could speak for it; a
     * family's 327 cuts become 34, which keeps a re-solve of a cell of them within the second.
     */
    static List<SplitOption> frontOfHeadAndBytes(List<SplitOption> cuts) {
        List<SplitOption> front = new ArrayList<>();
        double smallest = Double.POSITIVE_INFINITY;
        for (int k = 0; k < cuts.size(); k++) {
            SplitOption cut = cuts.get(k);
            if (k == 0 || k == cuts.size() - 1 || cut.bytesPerFrame() < smallest) {
                front.add(cut);
            }
            smallest = Math.min(smallest, cut.bytesPerFrame());
        }
        return front;
    }

    /**
     * @param frontOnly offer only the cuts on the front of head cost against bytes (a family), else
     *     every cut
     */
    private static SplitOptionCatalog catalog(
            String modelId, List<Version> versions, boolean frontOnly) {
        return new SplitOptionCatalog() {
            @Override
            public String modelId() {
                return modelId;
            }

            @Override
            public List<SplitOption> forClass(DeviceClass deviceClass, double edgeFlops) {
                double deviceSpeedup =
                        deviceClass.flopsPerSecond() / DeviceClass.RPI4.flopsPerSecond();
                List<SplitOption> options = new ArrayList<>();
                for (Version v : versions) {
                    List<SplitOption> all =
                            ScissionSplitOptions.of(
                                    v.profile(),
                                    v.id(),
                                    DEVICE_PLATFORM,
                                    deviceSpeedup,
                                    EDGE_PLATFORM,
                                    edgeFlops / EDGE_VM_FLOPS,
                                    v.accuracy());
                    options.addAll(frontOnly ? frontOfHeadAndBytes(all) : all);
                }
                return options;
            }
        };
    }
}
