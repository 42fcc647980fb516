package io.tandem.planner.solve;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.planner.cost.SplitOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QueuedResourceTest {

    private static double objective(
            double work, double rate, double slope, double price, double x) {
        return slope * QueuedResource.delay(work, rate, x) + price * x;
    }

    @Test
    void newtonFindsTheMinimumAGridSearchFinds() {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            double work = 1e3 + random.nextDouble() * 1e6;
            double rate = 1 + random.nextDouble() * 30;
            double cap = rate * work * (1.01 + random.nextDouble() * 20);
            double slope = 0.01 + random.nextDouble() * 50;
            double price = Math.pow(10, -12 + random.nextDouble() * 10);

            double x = QueuedResource.best(work, rate, cap, slope, price);
            assertThat(x).isBetween(rate * work, cap);
            double found = objective(work, rate, slope, price, x);
            double stable = rate * work;
            for (int g = 1; g <= 2000; g++) {
                double candidate = stable + (cap - stable) * g / 2000.0;
                assertThat(found)
                        .as("case %d at grid point %d", i, g)
                        .isLessThanOrEqualTo(
                                objective(work, rate, slope, price, candidate) * (1 + 1e-9)
                                        + 1e-15);
            }
        }
    }

    @Test
    void noStableAmountIsNaNAndAFreeResourceIsTakenWhole() {
        assertThat(QueuedResource.best(1e6, 10, 5e6, 1, 1e-9)).isNaN();
        assertThat(QueuedResource.best(1e6, 10, 5e7, 1, 0)).isEqualTo(5e7);
        assertThat(QueuedResource.best(0, 10, 5e7, 1, 1)).isZero();
    }

    @Test
    void dominatedOptionsGoAndTheFirstOfTwinsStays() {
        SplitOption good = new SplitOption("w100", 3, "int8", 0.01, 0.002, 6000, 0.909);
        SplitOption worse = new SplitOption("w100", 3, "float32", 0.01, 0.002, 24000, 0.909);
        SplitOption twin = new SplitOption("w100", 3, "int8-pc", 0.01, 0.002, 6000, 0.909);
        SplitOption tradeOff = new SplitOption("w50", 3, "int8", 0.004, 0.001, 3000, 0.899);

        assertThat(DominatedOptions.undominated(List.of(good, worse, twin, tradeOff)))
                .containsExactly(good, tradeOff);
    }
}
