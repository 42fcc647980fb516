package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.device.DeviceReport;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import io.tandem.schema.InferenceResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecution;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TaskManager running the edge job is killed mid-run while devices keep sending: the job
 * restarts on the other one from its last checkpoint, and every frame the devices sent is answered
 * exactly once (read_committed), none lost to the outage.
 */
@ExtendWith(LocalKafkaExtension.class)
class EdgeJobFailoverIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(lossNoticedWithinSeconds(10))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    private static final double RUN_SECONDS = 30;
    private static final long KILL_AFTER_MILLIS = 10_000;

    private final String bootstrap;

    EdgeJobFailoverIT(LocalKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
    }

    @Test
    void aKilledTaskManagerLosesNoFrameAndDuplicatesNone(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        EdgeCell cell = EdgeCell.create(bootstrap, "failover-it");
        EdgeJobConfig config = cell.config().with(EdgeJobConfig.CHECKPOINT_MS, 500L);
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        flink.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        JobClient job = EdgeCell.start(config, flink);

        ExecutorService fleet = Executors.newFixedThreadPool(2);
        List<Future<DeviceReport>> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(fleet.submit(cell.steadyDevice("cam-" + i, RUN_SECONDS, 30.0)));
        }
        Thread.sleep(KILL_AFTER_MILLIS);
        // The only TaskManager dies with the job's state and in-flight frames; a new one joins.
        long killedAtMicros = System.currentTimeMillis() * 1000;
        cluster.terminateTaskManager(0).get();
        cluster.startTaskManager();
        awaitRestarted(cluster, job);
        List<DeviceReport> reports = EdgeCell.reports(running);
        fleet.shutdown();
        job.cancel().get();

        List<InferenceResult> results = cell.committedResults();
        Set<String> distinct = EdgeCell.distinctFrames(results);
        long sent = reports.stream().mapToLong(DeviceReport::sent).sum();
        double outageSeconds = longestSilence(results, killedAtMicros) / 1e6;
        long unanswered = reports.stream().mapToLong(DeviceReport::unanswered).sum();
        System.out.printf(
                "failover: answers resumed %.1f s after the kill; %d frames sent, %d results"
                        + " committed (%d distinct), %d unanswered%n",
                outageSeconds, sent, results.size(), distinct.size(), unanswered);
        assertThat(results).as("committed results").hasSize(distinct.size());
        assertThat(distinct).as("every sent frame answered").hasSize((int) sent);
        assertThat(unanswered).isZero();
    }

    /**
     * Waits until every task runs again in a later attempt than the first. Polling the job status
     * for a moment other than RUNNING is not enough: a quick restart can fall between two polls.
     */
    private static void awaitRestarted(MiniCluster cluster, JobClient job) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (!restarted(cluster.getExecutionGraph(job.getJobID()).get())) {
            assertThat(System.currentTimeMillis()).as("job restarted in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static boolean restarted(AccessExecutionGraph graph) {
        if (graph.getState() != JobStatus.RUNNING) {
            return false;
        }
        for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
            AccessExecution attempt = vertex.getCurrentExecutionAttempt();
            if (attempt.getAttemptNumber() == 0 || attempt.getState() != ExecutionState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    /** A TaskManager lost without a goodbye is declared dead after {@code seconds}, not 50. */
    private static Configuration lossNoticedWithinSeconds(int seconds) {
        Configuration conf = new Configuration();
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(seconds));
        return conf;
    }

    /** The longest time without a tail answer from the kill on, microseconds. */
    private static long longestSilence(List<InferenceResult> results, long fromMicros) {
        List<Long> done =
                results.stream()
                        .map(InferenceResult::getTailDoneAtMicros)
                        .filter(t -> t >= fromMicros)
                        .sorted()
                        .toList();
        long longest = done.isEmpty() ? 0 : done.get(0) - fromMicros;
        for (int i = 1; i < done.size(); i++) {
            longest = Math.max(longest, done.get(i) - done.get(i - 1));
        }
        return longest;
    }
}
