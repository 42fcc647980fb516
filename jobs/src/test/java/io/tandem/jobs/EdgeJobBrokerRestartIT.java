package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.device.DeviceReport;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.LocalKafkaSettings;
import io.tandem.schema.InferenceResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker holding every frame, plan and answer stops for five seconds mid-run and comes back on
 * the same port with the same data: devices and the edge ride through, and every frame the devices
 * sent is answered exactly once (read_committed).
 */
class EdgeJobBrokerRestartIT {

    @RegisterExtension static final MiniClusterExtension FLINK = EdgeCell.miniCluster();

    private static final double RUN_SECONDS = 25;
    private static final long STOP_AFTER_MILLIS = 8_000;
    private static final long DOWN_MILLIS = 5_000;

    @TempDir Path data;

    @Test
    void aRestartedBrokerLosesNoFrameAndDuplicatesNone() throws Exception {
        LocalKafkaSettings settings =
                new LocalKafkaSettings("127.0.0.1", freePort(), Optional.of(data));
        LocalKafkaBroker broker = LocalKafkaBroker.start(settings);
        try {
            String bootstrap = broker.bootstrapServers();
            EdgeCell cell = EdgeCell.create(bootstrap, "broker-restart");
            Configuration flink = new Configuration();
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
            flink.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofMillis(1000));
            JobClient job =
                    EdgeCell.start(cell.config().with(EdgeJobConfig.CHECKPOINT_MS, 500L), flink);

            ExecutorService fleet = Executors.newFixedThreadPool(2);
            List<Future<DeviceReport>> running = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                running.add(fleet.submit(cell.steadyDevice("cam-" + i, RUN_SECONDS, 40.0)));
            }
            Thread.sleep(STOP_AFTER_MILLIS);
            broker.close();
            Thread.sleep(DOWN_MILLIS);
            broker = LocalKafkaBroker.start(settings);
            List<DeviceReport> reports = EdgeCell.reports(running);
            fleet.shutdown();
            job.cancel().get();

            List<InferenceResult> results = cell.committedResults();
            Set<String> distinct = EdgeCell.distinctFrames(results);
            long sent = reports.stream().mapToLong(DeviceReport::sent).sum();
            long dropped = reports.stream().mapToLong(DeviceReport::dropped).sum();
            long unanswered = reports.stream().mapToLong(DeviceReport::unanswered).sum();
            System.out.printf(
                    "broker restart: %d frames sent (%d dropped on devices), %d results committed"
                            + " (%d distinct), %d unanswered%n",
                    sent, dropped, results.size(), distinct.size(), unanswered);
            assertThat(sent).isPositive();
            assertThat(results).as("committed results, none twice").hasSize(distinct.size());
            assertThat(distinct).as("every sent frame answered").hasSize((int) sent);
            assertThat(unanswered).isZero();
        } finally {
            broker.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
