package io.tandem.device;

import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.Plan;
import io.tandem.schema.Telemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One device's transport in memory: keeps what the device published, hands it what the test
 * delivers.
 */
final class InMemoryTransport implements DeviceTransport {

    final List<FeatureFrame> features = new CopyOnWriteArrayList<>();
    final List<Telemetry> telemetry = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Plan> plans = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<InferenceResult> results = new LinkedBlockingQueue<>();
    private volatile RuntimeException publishFailure;
    volatile boolean closed;

    void deliverPlan(Plan plan) {
        plans.add(plan);
    }

    void deliverResult(InferenceResult result) {
        results.add(result);
    }

    /** Makes every later publish of features throw {@code failure}. */
    void failPublishing(RuntimeException failure) {
        publishFailure = failure;
    }

    @Override
    public void publishFeatures(FeatureFrame frame) {
        if (publishFailure != null) {
            throw publishFailure;
        }
        features.add(frame);
    }

    @Override
    public void publishTelemetry(Telemetry window) {
        telemetry.add(window);
    }

    @Override
    public List<Plan> pollPlans(Duration timeout) {
        return drain(plans, timeout);
    }

    @Override
    public List<InferenceResult> pollResults(Duration timeout) {
        return drain(results, timeout);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        closed = true;
    }

    /**
     * What is queued; waits up to {@code timeout} (really) only when nothing is, as a broker poll
     * would.
     */
    private static <T> List<T> drain(LinkedBlockingQueue<T> queue, Duration timeout) {
        List<T> out = new ArrayList<>();
        queue.drainTo(out);
        if (out.isEmpty() && !timeout.isZero()) {
            try {
                T first = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    out.add(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return out;
    }
}
