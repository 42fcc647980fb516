package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LatencySampleTest {

    @Test
    void keepsEveryValueUpToItsCapacity() {
        LatencySample sample = new LatencySample(5, 1);
        for (double v : new double[] {0.3, 0.1, 0.5, 0.2}) {
            sample.add(v);
        }
        assertThat(sample.seen()).isEqualTo(4);
        assertThat(sample.sorted()).containsExactly(0.1, 0.2, 0.3, 0.5);
    }

    @Test
    void pastItsCapacityKeepsAFixedSizeUniformSample() {
        LatencySample sample = new LatencySample(1_000, 7);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            sample.add(i);
        }
        double[] kept = sample.sorted();
        assertThat(sample.seen()).isEqualTo(n);
        assertThat(kept).hasSize(1_000);
        // uniform over everything seen, not just the first or the last values
        assertThat(Arrays.stream(kept).average().orElseThrow())
                .isCloseTo(n / 2.0, within(0.05 * n));
        assertThat(kept[kept.length / 2]).isCloseTo(n / 2.0, within(0.06 * n));
        assertThat(kept[0]).isLessThan(0.01 * n);
        assertThat(kept[kept.length - 1]).isGreaterThan(0.99 * n);
    }
}
