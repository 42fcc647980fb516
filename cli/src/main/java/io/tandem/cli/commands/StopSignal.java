package io.tandem.cli.commands;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a long-running command alive until Ctrl-C (or SIGTERM) or a time limit, and runs its
 * cleanup exactly once either way, so nothing it started outlives it.
 */
final class StopSignal {

    private final Runnable cleanup;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final Thread hook;

    private StopSignal(Runnable cleanup) {
        this.cleanup = cleanup;
        this.hook = new Thread(this::cleanUpOnce, "tandem-shutdown");
    }

    static StopSignal install(Runnable cleanup) {
        StopSignal signal = new StopSignal(cleanup);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Waits for Ctrl-C, or at most {@code limit} when it is positive; then cleans up. */
    void awaitThenStop(Duration limit) throws InterruptedException {
        if (limit.isZero() || limit.isNegative()) {
            stopped.await();
        } else {
            stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
        stopNow();
    }

    void stopNow() {
        cleanUpOnce();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or ran; cleanup happened there.
        }
    }

    private void cleanUpOnce() {
        if (cleanedUp.compareAndSet(false, true)) {
            cleanup.run();
        }
        stopped.countDown();
    }
}
