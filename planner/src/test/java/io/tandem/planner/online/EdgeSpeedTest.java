package io.tandem.planner.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EdgeSpeedTest {

    @Test
    void convergesToModelledOverMeasuredUtilization() {
        double speed = 1;
        for (int i = 0; i < 40; i++) {
            speed = EdgeSpeed.next(speed, 0.1, 0.4, 0.3);
        }
        assertThat(speed).as("the edge is 4x slower than modelled").isCloseTo(0.25, within(0.01));
        assertThat(EdgeSpeed.next(1, 0.2, 0.1, 0.3)).as("a faster edge").isGreaterThan(1);
    }

    @Test
    void windowsWithTooLittleModelledLoadOrNoMeasurementChangeNothing() {
        assertThat(EdgeSpeed.next(0.7, 0.001, 0.5, 0.3)).isEqualTo(0.7);
        assertThat(EdgeSpeed.next(0.7, 0.3, 0.0, 0.3)).isEqualTo(0.7);
        assertThat(EdgeSpeed.next(1, 1, 1e-9, 1))
                .as("clamped")
                .isCloseTo(EdgeSpeed.MAX, within(1e-9));
    }
}
