package io.tandem.device;

import io.tandem.traces.BandwidthTrace;

/**
 * The device's uplink, emulated from a real trace: a frame's bytes leave at the trace's capacity at
 * each instant, capped by the bandwidth the plan allocated (a token bucket without burst), one
 * frame after another. {@link #send} waits until the frame would have left, so whatever is sent
 * next (the Kafka record) goes out at the emulated pace. Measures the link's rate per window, for
 * telemetry.
 */
public final class UplinkShaper {

    private final BandwidthTrace trace;
    private final double traceOffset;
    private final DeviceClock clock;
    private double free;
    private double windowBits;
    private double windowLinkSeconds;

    /**
     * @param traceOffset where in the trace (seconds) the device's time 0 falls
     */
    public UplinkShaper(BandwidthTrace trace, double traceOffset, DeviceClock clock) {
        this.trace = trace;
        this.traceOffset = traceOffset;
        this.clock = clock;
    }

    /**
     * Sends {@code bytes} at most {@code allocatedBps}, after whatever is still on the link;
     * returns the device time the last bit left.
     */
    public double send(int bytes, double allocatedBps) throws InterruptedException {
        double start = Math.max(clock.now(), free);
        double bits = 8.0 * bytes;
        double done = trace.finishTime(traceOffset + start, bits, allocatedBps) - traceOffset;
        clock.sleepUntil(done);
        free = done;
        double atLinkRate =
                trace.finishTime(traceOffset + start, bits, Double.MAX_VALUE) - traceOffset - start;
        synchronized (this) { // telemetry reads the window from another thread
            windowBits += bits;
            windowLinkSeconds += atLinkRate;
        }
        return done;
    }

    /**
     * The link's rate while this window's frames were on it (bit/s), then starts a new window; 0
     * when nothing was sent. It measures the link, not the allocation: what the device would see
     * timing its transfers unshaped, and what the planner needs to allocate from.
     */
    public synchronized double takeWindowLinkBps() {
        double bps = windowLinkSeconds > 0 ? windowBits / windowLinkSeconds : 0;
        windowBits = 0;
        windowLinkSeconds = 0;
        return bps;
    }
}
