package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.topics.TandemTopic;
import io.tandem.device.DeviceReport;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import io.tandem.schema.Plan;
import io.tandem.schema.PlanReason;
import io.tandem.schema.Telemetry;
import io.tandem.testkit.Checkout;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge job as an operator deploys it: {@code deploy/flink-standalone/cluster.sh} starts a
 * session cluster of a JobManager and two TaskManagers (one slot each, so the job's parallelism 2
 * spans both) from Maven artifacts, submits the shaded job jar, and a fleet over two cells runs
 * against it. One TaskManager is killed with SIGKILL mid-run: its supervisor starts it again and
 * the job restarts from its last checkpoint. Then the JobManager is killed the same way: its
 * supervisor starts it again and resubmits the job, which resumes from its newest retained
 * checkpoint with the planner's state (no device is planned afresh; epochs keep growing). Every
 * frame is still answered exactly once; {@code cluster.sh stop} leaves no process behind.
 */
@ExtendWith(LocalKafkaExtension.class)
class StandaloneClusterIT {

    private static final Path SCRIPT = Checkout.ROOT.resolve("deploy/flink-standalone/cluster.sh");

    /**
     * Long enough for the devices to outlast the JobManager's restart (27 s after its kill on the
     * 2-core machine) by several telemetry windows: the restored planner must hear from every
     * device, or it could not show that it knew them.
     */
    private static final double RUN_SECONDS = 70;

    /**
     * How long the devices must report to the restored job: a fresh planner plans a joining device
     * within 100 ms.
     */
    private static final Duration HEARD_AFTER_RESTART = Duration.ofSeconds(3);

    private static final Duration KILL_TASK_MANAGER_AFTER = Duration.ofSeconds(7);
    private static final Duration KILL_JOB_MANAGER_AFTER = Duration.ofSeconds(17);
    private static final Pattern JOB_ID = Pattern.compile("\"jid\":\"([0-9a-f]+)\"");
    private static final Pattern COMPLETED = Pattern.compile("\"completed\":(\\d+)");
    private static final Pattern FULL_TASK_MANAGER = Pattern.compile("\"freeSlots\":0\\b");

    private final LocalKafkaBroker broker;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir Path run;

    StandaloneClusterIT(LocalKafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void twoTaskManagersServeTwoCellsAndAnswerEveryFrameOnceThroughTheLossOfOne() throws Exception {
        int restPort = freePort();
        Map<String, String> env =
                Map.of(
                        "TANDEM_CLUSTER_RUN", run.toString(),
                        "TANDEM_CLUSTER_REST_PORT", String.valueOf(restPort),
                        "TANDEM_CLUSTER_RPC_PORT", String.valueOf(freePort()),
                        "TANDEM_CLUSTER_TM_MEMORY", "1280m",
                        "TANDEM_CLUSTER_SLOTS", "1");
        List<Long> pids = new ArrayList<>();
        try {
            script(env, Duration.ofMinutes(3), "start", "--taskmanagers", "2");
            pids.addAll(pidsOf(run));
            assertThat(pids).as("a JobManager, two TaskManagers and their supervisors").hasSize(6);

            EdgeCell edge = EdgeCell.create(broker.bootstrapServers(), "cluster-it");
            script(
                    env,
                    Duration.ofMinutes(2),
                    "submit",
                    "--bootstrap",
                    broker.bootstrapServers(),
                    "--namespace",
                    edge.topics.namespace(),
                    "--parallelism",
                    "2",
                    "--cells",
                    "north:10:50,south:10:50",
                    "--checkpoint-ms",
                    "300");
            awaitFirstCheckpoint(restPort, Duration.ofSeconds(120));
            assertThat(FULL_TASK_MANAGER.matcher(get(restPort, "/taskmanagers")).results().count())
                    .as("TaskManagers whose one slot the job holds")
                    .isEqualTo(2);

            ExecutorService fleet = Executors.newFixedThreadPool(4);
            List<Future<DeviceReport>> running = new ArrayList<>();
            for (String cell : List.of("north", "south")) {
                for (int i = 0; i < 2; i++) {
                    running.add(
                            fleet.submit(edge.steadyDevice(cell + "-" + i, RUN_SECONDS, 60, cell)));
                }
            }
            // A TaskManager dies the hard way mid-run; its supervisor starts it again and Flink
            // redeploys the job from its last checkpoint.
            long fleetStart = System.nanoTime();
            Thread.sleep(KILL_TASK_MANAGER_AFTER.toMillis());
            long killed = javaPid(run, "taskmanager-1");
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            System.out.printf("killed taskmanager-1 (pid %d) with SIGKILL%n", killed);

            // Then the JobManager: its supervisor starts it again and gives it the job again, which
            // resumes from its newest retained checkpoint (a session cluster without HA forgets
            // its jobs with its JobManager).
            Thread.sleep(
                    Math.max(
                            0,
                            KILL_JOB_MANAGER_AFTER.toMillis()
                                    - (System.nanoTime() - fleetStart) / 1_000_000));
            assertThat(jobResource(restPort, "/exceptions"))
                    .as("the job's failure history records the TaskManager's loss")
                    .contains("\"exceptionName\"");
            String firstJob = jobId(restPort);
            long jobManager = javaPid(run, "jobmanager");
            ProcessHandle.of(jobManager).orElseThrow().destroyForcibly();
            long jobManagerKilledAt = System.nanoTime();
            long jobManagerKilledAtMicros = System.currentTimeMillis() * 1000;
            System.out.printf("killed the jobmanager (pid %d) with SIGKILL%n", jobManager);
            String secondJob = awaitAnotherRunningJob(restPort, firstJob, Duration.ofSeconds(120));
            long secondJobRunningAtMicros = System.currentTimeMillis() * 1000;
            System.out.printf(
                    "job %s resubmitted as %s and running %.1f s after the JobManager's kill%n",
                    firstJob, secondJob, (System.nanoTime() - jobManagerKilledAt) / 1e9);

            List<DeviceReport> reports = EdgeCell.reports(running);
            fleet.shutdown();
            long restarted = javaPid(run, "taskmanager-1");
            pids.add(restarted);
            assertThat(restarted).as("taskmanager-1 started again").isNotEqualTo(killed);
            long jobManagerAgain = javaPid(run, "jobmanager");
            pids.add(jobManagerAgain);
            assertThat(jobManagerAgain).as("the jobmanager started again").isNotEqualTo(jobManager);
            EdgeCell.assertEveryFrameAnsweredOnce(reports);
            // The planner's state came back from the checkpoint: a planner started afresh would
            // plan every device it hears from as a new one (DEVICE_JOINED) and number its plans
            // from 1 again; a restored one knows the fleet and continues each device's epochs.
            Map<String, Long> newestBefore = new HashMap<>();
            List<Plan> after = new ArrayList<>();
            for (Plan plan : edge.committed(TandemTopic.PLANS, Plan.class)) {
                if (plan.getValidFromMicros() < jobManagerKilledAtMicros) {
                    newestBefore.merge(plan.getDeviceId(), plan.getEpoch(), Math::max);
                } else {
                    after.add(plan);
                }
            }
            assertThat(newestBefore).as("every device planned before the restart").hasSize(4);
            // Not vacuous: every device went on reporting to the restored job, so a planner that
            // had forgotten them would have planned each as joining.
            long heardFrom = secondJobRunningAtMicros + HEARD_AFTER_RESTART.toMillis() * 1000;
            assertThat(
                            edge.committed(TandemTopic.TELEMETRY, Telemetry.class).stream()
                                    .filter(t -> t.getWindowEndMicros() > heardFrom)
                                    .map(t -> t.getDeviceId().toString())
                                    .distinct())
                    .as("devices reporting " + HEARD_AFTER_RESTART + " into the restored job")
                    .hasSize(4);
            assertThat(after)
                    .as("plans issued after the JobManager's restart")
                    .allSatisfy(
                            plan -> {
                                assertThat(plan.getReason())
                                        .as(
                                                plan.getDeviceId()
                                                        + " is known to the restored planner")
                                        .isNotEqualTo(PlanReason.DEVICE_JOINED);
                                assertThat(plan.getEpoch())
                                        .as(plan.getDeviceId() + "'s epochs continue")
                                        .isGreaterThan(newestBefore.get(plan.getDeviceId()));
                            });
            assertThat(reports)
                    .allSatisfy(
                            r ->
                                    assertThat(r.planSwitches())
                                            .as(r.deviceId() + " followed its cell's planner")
                                            .isPositive());
        } finally {
            script(env, Duration.ofMinutes(1), "stop");
            keepLogs();
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d after cluster.sh stop", pid)
                    .isFalse();
        }
    }

    /** The cluster's logs, kept where the build keeps its reports, for when this test fails. */
    private void keepLogs() throws IOException {
        Path kept = Path.of("target", "standalone-cluster-it");
        Files.createDirectories(kept);
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(f, kept.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Runs cluster.sh; its output goes to the run directory's script.log. */
    private void script(Map<String, String> env, Duration timeout, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path log = run.resolve("script.log");
        builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "cluster.sh "
                            + args[0]
                            + " took over "
                            + timeout
                            + ":\n"
                            + Files.readString(log));
        }
        assertThat(process.exitValue())
                .as("cluster.sh %s:%n%s", args[0], Files.readString(log))
                .isZero();
    }

    /**
     * Until the job's first checkpoint completes: every task is running and the transactional sinks
     * work, so devices start on an edge that answers (its start-up on two cores shared with the
     * broker and the fleet takes tens of seconds).
     */
    private void awaitFirstCheckpoint(int restPort, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        String seen = "";
        while (System.nanoTime() < until) {
            if (JOB_ID.matcher(get(restPort, "/jobs/overview")).find()) {
                seen = jobResource(restPort, "/checkpoints");
                Matcher completed = COMPLETED.matcher(seen);
                if (completed.find() && Integer.parseInt(completed.group(1)) > 0) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no checkpoint completed in " + timeout + ": " + seen);
    }

    private String get(int restPort, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static long javaPid(Path run, String name) throws IOException {
        return Long.parseLong(Files.readString(run.resolve(name + ".java.pid")).trim());
    }

    private String jobId(int restPort) throws Exception {
        Matcher job = JOB_ID.matcher(get(restPort, "/jobs/overview"));
        assertThat(job.find()).as("a job on the cluster").isTrue();
        return job.group(1);
    }

    /** Waits for a job other than {@code previous} to run on the (restarted) cluster. */
    private String awaitAnotherRunningJob(int restPort, String previous, Duration timeout)
            throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            try {
                String overview = get(restPort, "/jobs/overview");
                Matcher job = JOB_ID.matcher(overview);
                if (job.find()
                        && !job.group(1).equals(previous)
                        && overview.contains("\"state\":\"RUNNING\"")) {
                    return job.group(1);
                }
            } catch (IOException e) {
                // the JobManager is not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                "no job resubmitted within "
                        + timeout
                        + ":\n"
                        + Files.readString(run.resolve("jobmanager.after-restart.log")));
    }

    /** A resource of the cluster's one job, through the REST API. */
    private String jobResource(int restPort, String path) throws Exception {
        Matcher job = JOB_ID.matcher(get(restPort, "/jobs/overview"));
        assertThat(job.find()).as("a job on the cluster").isTrue();
        return get(restPort, "/jobs/" + job.group(1) + path);
    }

    private static List<Long> pidsOf(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .map(
                            f -> {
                                try {
                                    return Long.parseLong(Files.readString(f).trim());
                                } catch (IOException e) {
                                    throw new IllegalStateException(e);
                                }
                            })
                    .toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
