package io.tandem.device;

/** Device time that jumps instead of sleeping; the wall clock follows it from a fixed origin. */
final class VirtualDeviceClock implements DeviceClock {

    static final long WALL_ORIGIN_MICROS = 1_700_000_000_000_000L;

    private double now;

    @Override
    public double now() {
        return now;
    }

    @Override
    public void sleepUntil(double seconds) {
        now = Math.max(now, seconds);
    }

    @Override
    public long wallMicros() {
        return WALL_ORIGIN_MICROS + Math.round(now * 1e6);
    }

    void advance(double seconds) {
        now += seconds;
    }
}
