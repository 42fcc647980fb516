package io.tandem.planner.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.planner.cost.SplitOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScissionSplitOptionsTest {

    private static final Path ROOT = Path.of(System.getProperty("tandem.repo.root", ".."));

    @Test
    void everyPartitionPointSplitsTheMeasuredTimesAndSendsTheBlockOutput() {
        ScissionProfile profile =
                ScissionProfile.read(ROOT.resolve("data/profiles/scission/resnet50.json"));
        List<SplitOption> options =
                ScissionSplitOptions.of(profile, "raspi4", 2.0, "vm2Core", 4.0, 0.76);
        int n = profile.blockCount();

        assertThat(options).hasSize(n + 1);
        assertThat(options.get(0).headSeconds()).isZero();
        assertThat(options.get(0).tailEdgeSeconds())
                .isCloseTo(sum(profile, "vm2Core", 0, n) / 4, within(1e-12));
        assertThat(options.get(0).bytesPerFrame()).isEqualTo(profile.inputBytesDefault());
        assertThat(options.get(n).headSeconds())
                .isCloseTo(sum(profile, "raspi4", 0, n) / 2, within(1e-12));
        assertThat(options.get(n).deviceOnly()).isTrue();
        assertThat(options.get(3).bytesPerFrame()).isEqualTo(profile.blocks().get(2).outputBytes());
        for (int k = 0; k < n; k++) {
            SplitOption o = options.get(k);
            assertThat(o.headSeconds() * 2 + o.tailEdgeSeconds() * 4)
                    .isCloseTo(
                            sum(profile, "raspi4", 0, k) + sum(profile, "vm2Core", k, n),
                            within(1e-12));
            assertThat(o.accuracy()).isEqualTo(0.76);
        }
    }

    private static double sum(ScissionProfile profile, String platform, int from, int to) {
        double s = 0;
        for (int b = from; b < to; b++) {
            s += profile.seconds(b, platform);
        }
        return s;
    }
}
