package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.testkit.Checkout;
import io.tandem.traces.BandwidthTrace;
import io.tandem.traces.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UplinkShaperTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mahimahi-cellular/Verizon-LTE-short.up",
                "mahimahi-cellular/ATT-LTE-driving.up",
                "norway-hsdpa-3g/norway_tram_10"
            })
    void aBackloggedDeviceAchievesTheTracesMeanOverThirtySeconds(String file)
            throws InterruptedException {
        BandwidthTrace trace = TraceReader.read(Checkout.TRACES.resolve(file));
        VirtualDeviceClock clock = new VirtualDeviceClock();
        UplinkShaper shaper = new UplinkShaper(trace, 17.0, clock);
        double sentBits = 0;
        while (clock.now() < 30) {
            shaper.send(
                    6272, 1e12); // int8 features of a mid split, back to back, no allocation cap
            sentBits += 8 * 6272;
        }
        double achieved = sentBits / clock.now();
        double traceMean = trace.meanBps(17.0, 17.0 + clock.now());
        assertThat(achieved).isCloseTo(traceMean, within(0.05 * traceMean));
    }

    @Test
    void theAllocationCapsTheRateAndFramesQueueBehindEachOther() throws InterruptedException {
        BandwidthTrace flat = new BandwidthTrace("flat", new double[] {100}, new double[] {10e6});
        VirtualDeviceClock clock = new VirtualDeviceClock();
        UplinkShaper shaper = new UplinkShaper(flat, 0, clock);

        assertThat(shaper.send(125_000, 2e6)).isCloseTo(0.5, within(1e-9)); // 1 Mbit at 2 Mbit/s
        assertThat(clock.now())
                .as("send waits until the frame has left")
                .isCloseTo(0.5, within(1e-9));
        assertThat(shaper.send(125_000, 20e6))
                .isCloseTo(0.6, within(1e-9)); // now capped by the 10 Mbit/s link
        assertThat(shaper.takeWindowLinkBps())
                .as("the link's rate, not the allocation")
                .isCloseTo(10e6, within(1e-3));
        assertThat(shaper.takeWindowLinkBps()).as("a new window, nothing sent").isZero();
    }
}
