package io.tandem.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuantilesTest {

    @Test
    void nearestRankPicksAnObservedValue() {
        double[] values = {40, 10, 30, 20};
        assertThat(Quantiles.median(values)).isEqualTo(20);
        assertThat(Quantiles.of(values, 0.95)).isEqualTo(40);
        assertThat(Quantiles.of(values, 0.75)).isEqualTo(30);
        assertThat(Quantiles.of(values, 0)).isEqualTo(10);
        assertThat(Quantiles.of(List.of(5, 1, 3), 0.5)).isEqualTo(3);
        assertThat(values).containsExactly(40, 10, 30, 20);
    }

    @Test
    void noValuesNoQuantile() {
        assertThat(Quantiles.median(new double[0])).isNaN();
        assertThat(Quantiles.of(List.of(), 0.95)).isNaN();
        assertThat(Quantiles.rank(0, 0.95)).isEqualTo(1);
        assertThatThrownBy(() -> Quantiles.rank(10, 95)).hasMessageContaining("[0, 1]");
    }

    @Test
    void rankAgreesWithTheSortedQuantile() {
        double[] sorted = new double[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i;
        }
        for (double q : new double[] {0.01, 0.5, 0.95, 0.99, 1}) {
            assertThat(Quantiles.ofSorted(sorted, q)).isEqualTo(Quantiles.rank(100, q) - 1);
        }
    }
}
