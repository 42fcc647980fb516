package io.tandem.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BandwidthTraceTest {

    /** 1 s at 8 Mbit/s, 1 s of outage, 2 s at 2 Mbit/s. */
    private final BandwidthTrace trace =
            new BandwidthTrace("t", new double[] {1, 2, 4}, new double[] {8e6, 0, 2e6});

    @Test
    void bitsAndMeansIntegrateTheStepsAcrossPeriods() {
        assertThat(trace.meanBps()).isCloseTo(12e6 / 4, within(1e-6));
        assertThat(trace.bitsUntil(1.5)).isCloseTo(8e6, within(1e-6));
        assertThat(trace.bitsUntil(4 + 0.5)).isCloseTo(12e6 + 4e6, within(1e-6));
        assertThat(trace.meanBps(0.5, 2.5)).isCloseTo((4e6 + 1e6) / 2, within(1e-6));
    }

    @Test
    void aTransferWaitsOutAnOutageAndIsCappedByTheSendersAllocation() {
        // 1 Mbit from t=0.5 at full capacity: 0.125 s.
        assertThat(trace.finishTime(0.5, 1e6, 1e9)).isCloseTo(0.625, within(1e-9));
        // 8 Mbit from 0.5: 4 Mbit by 1.0, nothing until 2.0, then 2 Mbit/s for 2 s.
        assertThat(trace.finishTime(0.5, 8e6, 1e9)).isCloseTo(4.0, within(1e-9));
        // capped at 1 Mbit/s: 0.5 Mbit by 1.0, outage, then 1 Mbit/s.
        assertThat(trace.finishTime(0.5, 1e6, 1e6)).isCloseTo(2.5, within(1e-9));
        // a transfer running past the end continues in the next period
        assertThat(trace.finishTime(3.5, 2e6, 1e9)).isCloseTo(4.125, within(1e-9));
    }

    @Test
    void aTraceThatNeverCarriesDataIsRefused() {
        assertThatThrownBy(
                        () -> new BandwidthTrace("dead", new double[] {1, 2}, new double[] {0, 0}))
                .hasMessageContaining("never carries");
    }
}
