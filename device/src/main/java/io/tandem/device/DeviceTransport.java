package io.tandem.device;

import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.Plan;
import io.tandem.schema.Telemetry;
import java.time.Duration;
import java.util.List;

/**
 * How one device talks to its edge and planner: what it publishes, and the plans and answers meant
 * for it alone. Publishing may be asynchronous; a frame that could not be delivered makes a later
 * publish or {@link #flush()} throw. Each poll method is called by one thread (its own); the
 * publish methods by any.
 */
public interface DeviceTransport extends AutoCloseable {

    void publishFeatures(FeatureFrame frame);

    void publishTelemetry(Telemetry telemetry);

    /**
     * This device's plans that arrived within {@code timeout}, possibly none; older epochs may be
     * among them.
     */
    List<Plan> pollPlans(Duration timeout);

    /**
     * This device's answers that arrived within {@code timeout}, possibly none; repeats may be
     * among them.
     */
    List<InferenceResult> pollResults(Duration timeout);

    /**
     * Model announcements that arrived within {@code timeout} (a transport that does not read the
     * models topic has none).
     */
    default List<ModelAnnouncement> pollAnnouncements(Duration timeout) {
        return List.of();
    }

    /** Returns once everything published so far is delivered. */
    void flush();

    @Override
    void close();
}
