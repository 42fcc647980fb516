package io.tandem.device;

/** Time as the device sees it, in seconds; tests run on a virtual one. */
public interface DeviceClock {

    double now();

    /** Waits until {@code seconds} (no-op if already past). */
    void sleepUntil(double seconds) throws InterruptedException;

    /**
     * Wall-clock time in microseconds since the epoch, for the timestamps frames and telemetry
     * carry.
     */
    default long wallMicros() {
        return System.currentTimeMillis() * 1000;
    }

    /** The JVM's monotonic clock. */
    static DeviceClock system() {
        long origin = System.nanoTime();
        return new DeviceClock() {
            @Override
            public double now() {
                return (System.nanoTime() - origin) / 1e9;
            }

            @Override
            public void sleepUntil(double seconds) throws InterruptedException {
                long nanos = (long) ((seconds - now()) * 1e9);
                if (nanos > 0) {
                    java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
                }
            }
        };
    }
}
