package io.tandem.planner.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

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
    void theOptimalityConditionHoldsOverTwentyFourOrdersOfMagnitude() {
        double work = 1e5;
        double rate = 10;
        double stable = rate * work;
        for (int e = -12; e <= 12; e++) {
            double target = Math.pow(10, e);
            // The price whose condition h(u) = target, with slope 1: target = 2 price work rate^2.
            double price = target / (2 * work * rate * rate);
            double x = QueuedResource.best(work, rate, 1e30, 1, price);
            double u = stable / x;
            double h = u * u * (1 + 1 / ((1 - u) * (1 - u)));
            assertThat(h).as("target 1e%d", e).isCloseTo(target, withinPercentage(1e-6));
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
