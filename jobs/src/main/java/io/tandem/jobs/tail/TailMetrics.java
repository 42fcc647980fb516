package io.tandem.jobs.tail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The tail's metrics per model and version, named after Triton's so dashboards built for an
 * inference server read them: requests that succeeded and failed, each request's time queued and in
 * compute, and how many requests each execution batched. The model and version are metric group
 * labels ({@code model="...", version="..."} in Prometheus). Touched by the task thread only.
 */
public final class TailMetrics {

    static final String REQUEST_SUCCESS = "inferenceRequestSuccess";
    static final String REQUEST_FAILURE = "inferenceRequestFailure";
    static final String EXECUTIONS = "inferenceExecutionCount";
    static final String QUEUE_DURATION = "inferenceQueueDurationUs";
    static final String COMPUTE_DURATION = "inferenceComputeDurationUs";
    static final String BATCH_SIZE = "inferenceBatchSize";

    /** The names this class registers, for dashboards and their tests. */
    public static final List<String> NAMES =
            List.of(
                    REQUEST_SUCCESS,
                    REQUEST_FAILURE,
                    EXECUTIONS,
                    QUEUE_DURATION,
                    COMPUTE_DURATION,
                    BATCH_SIZE);

    /** Samples each histogram keeps (its quantiles are over these). */
    private static final int WINDOW = 1000;

    private final MetricGroup operator;
    private final Map<String, Version> byVersion = new HashMap<>();

    TailMetrics(MetricGroup operator) {
        this.operator = operator;
    }

    /** The metrics of one model version, registered on first use. */
    Version of(String modelId, String version) {
        return byVersion.computeIfAbsent(
                modelId + "/" + version,
                key ->
                        new Version(
                                operator.addGroup("model", modelId).addGroup("version", version)));
    }

    static final class Version {
        final Counter requestSuccess;
        final Counter requestFailure;
        final Counter executions;
        final Histogram queueDurationUs;
        final Histogram computeDurationUs;
        final Histogram batchSize;

        private Version(MetricGroup group) {
            requestSuccess = group.counter(REQUEST_SUCCESS);
            requestFailure = group.counter(REQUEST_FAILURE);
            executions = group.counter(EXECUTIONS);
            queueDurationUs =
                    group.histogram(QUEUE_DURATION, new DescriptiveStatisticsHistogram(WINDOW));
            computeDurationUs =
                    group.histogram(COMPUTE_DURATION, new DescriptiveStatisticsHistogram(WINDOW));
            batchSize = group.histogram(BATCH_SIZE, new DescriptiveStatisticsHistogram(WINDOW));
        }
    }
}
