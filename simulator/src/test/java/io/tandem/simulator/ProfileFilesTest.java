package io.tandem.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.repository.ModelManifest;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.planner.online.SplitOptionCatalog;
import io.tandem.testkit.Checkout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The camera-resolution family, brought in by models import, is a profile like the zoo's. */
class ProfileFilesTest {

    private static final Path CAMERA = Checkout.ZOO.resolve("camera-mnv2/manifest.json");

    @Test
    void anImportedManifestGivesEverySplitAtEachSidesSpeed() {
        ModelManifest manifest = ModelManifest.read(CAMERA);
        SplitOptionCatalog catalog = ProfileFiles.read(CAMERA, List.of("float32", "int8"));

        List<SplitOption> options = catalog.forClass(DeviceClass.RPI4, 150e9);

        int partitions = manifest.versions().stream().mapToInt(v -> v.partitions().size()).sum();
        assertThat(catalog.modelId()).isEqualTo("camera-mnv2");
        assertThat(options).hasSize(2 * partitions);
        assertThat(options).allSatisfy(o -> assertThat(o.accuracy()).isBetween(0.5, 1.0));
        // The whole widest network on a Pi 4 takes milliseconds, not microseconds: the edge's
        // help is worth weighing.
        double allOnDevice =
                options.stream()
                        .filter(o -> o.version().equals("w100"))
                        .mapToDouble(SplitOption::headSeconds)
                        .max()
                        .orElseThrow();
        assertThat(allOnDevice).isGreaterThan(0.005);
    }
}
