package io.tandem.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CellSizingTest {

    @Test
    void withNothingGivenTheCellScalesWithItsDevices() {
        CellSizing cell = CellSizing.perDevice(10);

        assertThat(cell.ingressBps()).isEqualTo(20e6);
        assertThat(cell.edgeFlops()).isCloseTo(3e9, within(1.0));
        assertThat(CellSizing.of(10, null, null)).isEqualTo(cell);
    }

    @Test
    void givenFiguresWinOverThePerDeviceDefaultsEachOnItsOwn() {
        assertThat(CellSizing.of(10, 7.5, 1.25)).isEqualTo(new CellSizing(7.5e6, 1.25e9));
        assertThat(CellSizing.of(10, 7.5, null))
                .isEqualTo(new CellSizing(7.5e6, CellSizing.perDevice(10).edgeFlops()));
        assertThat(CellSizing.of(10, null, 1.25)).isEqualTo(new CellSizing(20e6, 1.25e9));
    }

    @Test
    void theDefaultConfigurationIsSizedTheSameWay() {
        SimulationConfig config = SimulationConfig.defaults(7, 60, 1, java.util.List.of("tandem"));

        assertThat(new CellSizing(config.ingressBps(), config.edgeFlops()))
                .isEqualTo(CellSizing.perDevice(7));
    }
}
