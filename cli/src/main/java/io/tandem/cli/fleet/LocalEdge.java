package io.tandem.cli.fleet;

import io.tandem.jobs.EdgeJob;
import io.tandem.jobs.EdgeJobConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The edge job on an embedded Flink MiniCluster in this JVM. */
public final class LocalEdge implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** The metrics port that serves no metrics. */
    public static final int NO_METRICS = -1;

    private final JobClient job;

    private LocalEdge(JobClient job) {
        this.job = job;
    }

    /**
     * Parses job flags (as {@link EdgeJobConfig} reads them), with the checkout's zoo as the
     * default model repository.
     */
    public static EdgeJobConfig config(
            List<String> args, Map<String, String> environment, String defaultModelRoot) {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent(EdgeJobConfig.MODELS.environmentVariable(), defaultModelRoot);
        return EdgeJobConfig.parse(args.toArray(String[]::new), env);
    }

    /**
     * Submits the job and waits until it serves: running, and its tail's first load report
     * published ({@link EdgeReadiness}).
     */
    public static LocalEdge start(EdgeJobConfig config) throws Exception {
        return start(config, NO_METRICS);
    }

    /**
     * As {@link #start(EdgeJobConfig)}, with the job's metrics served for Prometheus at {@code
     * metricsPort} on every interface (Flink's reporter binds no single address; {@link
     * #NO_METRICS}: not served).
     */
    public static LocalEdge start(EdgeJobConfig config, int metricsPort) throws Exception {
        try (EdgeReadiness readiness =
                EdgeReadiness.watch(
                        config.bootstrapServers(), config.kafkaClient(), config.topics())) {
            LocalEdge edge = submit(config, metricsPort);
            if (!readiness.await(READY_TIMEOUT)) {
                edge.close();
                throw new IllegalStateException(
                        "the edge job runs but reported no load within "
                                + READY_TIMEOUT.toSeconds()
                                + " s (status "
                                + edge.status()
                                + ")");
            }
            return edge;
        }
    }

    private static LocalEdge submit(EdgeJobConfig config, int metricsPort) throws Exception {
        Configuration flink = new Configuration();
        if (metricsPort != NO_METRICS) {
            // Flink's own Prometheus reporter: every job, task and Tandem metric on /metrics.
            flink.set(
                    reporterOption("factory.class"),
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            flink.set(reporterOption("port"), Integer.toString(metricsPort));
        }
        // No fixed port (several edges may run on one machine), and only on loopback: the REST API
        // can cancel jobs and has no authentication of its own.
        flink.set(RestOptions.BIND_PORT, "0");
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(RestOptions.ADDRESS, "127.0.0.1");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(
                        Math.max(4, config.parallelism() + 3), flink);
        JobClient job = EdgeJob.start(env, config);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline
                    || job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException(
                        "the edge job did not start: " + job.getJobStatus().get());
            }
            Thread.sleep(100);
        }
        return new LocalEdge(job);
    }

    private static ConfigOption<String> reporterOption(String name) {
        return ConfigOptions.key("metrics.reporter.prom." + name).stringType().noDefaultValue();
    }

    public JobStatus status() throws Exception {
        return job.getJobStatus().get();
    }

    @Override
    public void close() {
        try {
            job.cancel().get();
        } catch (Exception e) {
            // already finished or failed: nothing left to stop
        }
    }
}
