package io.tandem.models.repository;

import io.tandem.models.codec.CodecId;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.online.SplitOptionCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a zoo manifest into the planner's split options for one device: every (version, partition,
 * variant, codec), with head and tail times from the slices' FLOPs and the two sides' effective
 * compute speeds, bytes per frame from the codec, and the measured accuracy ({@link
 * PlannedAccuracy} where none was measured).
 */
public final class ZooSplitOptions {

    private ZooSplitOptions() {}

    /** The manifest as the online planner's catalogue: options at each device class's speed. */
    public static SplitOptionCatalog catalog(ModelManifest manifest, List<String> codecs) {
        List<String> offered = List.copyOf(codecs);
        PlannedAccuracy accuracy = PlannedAccuracy.of(manifest); // once: the manifest is fixed
        return new SplitOptionCatalog() {
            @Override
            public String modelId() {
                return manifest.model();
            }

            @Override
            public List<SplitOption> forClass(DeviceClass deviceClass, double edgeFlops) {
                return of(manifest, accuracy, deviceClass.flopsPerSecond(), edgeFlops, offered);
            }
        };
    }

    /**
     * @param deviceFlops effective FLOP/s of the device running head slices
     * @param edgeFlops effective FLOP/s of the whole edge running tail slices
     * @param codecs codecs to offer (manifest names, e.g. "int8"); empty means all
     */
    public static List<SplitOption> of(
            ModelManifest manifest, double deviceFlops, double edgeFlops, List<String> codecs) {
        return of(manifest, PlannedAccuracy.of(manifest), deviceFlops, edgeFlops, codecs);
    }

    private static List<SplitOption> of(
            ModelManifest manifest,
            PlannedAccuracy accuracy,
            double deviceFlops,
            double edgeFlops,
            List<String> codecs) {
        if (!(deviceFlops > 0) || !(edgeFlops > 0)) {
            throw new IllegalArgumentException("compute speeds must be positive");
        }
        List<SplitOption> options = new ArrayList<>();
        for (ModelManifest.Version version : manifest.versions()) {
            for (ModelManifest.Partition partition : version.partitions()) {
                for (ModelManifest.Variant variant : partition.variants()) {
                    double head = variant.head() == null ? 0 : variant.head().flops() / deviceFlops;
                    double tail = variant.tail() == null ? 0 : variant.tail().flops() / edgeFlops;
                    boolean bottleneck = variant.kind() == ModelManifest.Variant.Kind.bottleneck;
                    for (ModelManifest.CodecFigures codec : variant.codecs()) {
                        if (!codecs.isEmpty() && !codecs.contains(codec.codec())) {
                            continue;
                        }
                        options.add(
                                new SplitOption(
                                        version.id(),
                                        partition.partition(),
                                        CodecId.forVariant(bottleneck, codec.codec()),
                                        head,
                                        tail,
                                        codec.payloadBytes() + codec.quantParamBytes(),
                                        accuracy.of(codec)));
                    }
                }
            }
        }
        return options;
    }
}
