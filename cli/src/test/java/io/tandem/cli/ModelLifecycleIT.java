package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.cli.fleet.LocalEdge;
import io.tandem.connectors.kafka.KafkaClientProperties;
import io.tandem.connectors.topics.TandemTopic;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.device.fleet.FleetDownloads;
import io.tandem.device.fleet.FleetRunner;
import io.tandem.device.fleet.FleetSpec;
import io.tandem.jobs.EdgeJobConfig;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import io.tandem.models.distribution.RepositoryServer;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.repository.ModelRepository;
import io.tandem.planner.fleet.DeviceClass;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.Plan;
import io.tandem.schema.Telemetry;
import io.tandem.testkit.Checkout;
import io.tandem.testkit.TopicRecords;
import io.tandem.testkit.Zoo;
import io.tandem.testkit.ZooCopy;
import io.tandem.traces.TraceReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version's life in a running deployment, on a real broker and the edge job on a MiniCluster: six
 * devices installed with w25 only run against an edge that has only w25; w100 is imported into the
 * edge's repository and published mid-run ({@code models publish}); then w25 is withdrawn ({@code
 * models withdraw}). The devices download w100's heads from the edge's repository server as they
 * are planned onto them and switch only once loaded. Every frame must be answered exactly once or
 * dropped on the device, none dead-lettered, and every device must end on w100.
 */
@ExtendWith(LocalKafkaExtension.class)
class ModelLifecycleIT {

    private static final int DEVICES = 6;
    private static final double RUN_SECONDS = 40;
    private static final long PUBLISH_AT_MILLIS = 8_000;
    private static final long WITHDRAW_AT_MILLIS = 20_000;

    private final String bootstrap;
    private final TopicCatalogue topics = new TopicCatalogue("lifecycle-it");

    ModelLifecycleIT(LocalKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
    }

    @Test
    void aVersionPublishedMidRunIsDownloadedAndServedAndTheWithdrawnOneLeftWithoutALostFrame(
            @TempDir Path dir) throws Exception {
        CliRun created =
                CliRun.of(
                        "topics",
                        "create",
                        "--bootstrap",
                        bootstrap,
                        "--namespace",
                        topics.namespace());
        assertThat(created.exitCode()).as(created.err()).isZero();
        Path edgeRepo = ZooCopy.withVersions(dir.resolve("edge"), "w25");
        Path deviceRepo = ZooCopy.withVersions(dir.resolve("device"), "w25");
        EdgeJobConfig config =
                EdgeJobConfig.defaults(bootstrap)
                        .with(EdgeJobConfig.NAMESPACE, topics.namespace())
                        .with(EdgeJobConfig.MODELS, edgeRepo.toString())
                        .with(EdgeJobConfig.MODEL, Zoo.MODEL)
                        .with(EdgeJobConfig.CHECKPOINT_MS, 200L);
        List<String> timeline = new ArrayList<>();
        long start;
        List<FleetRunner.Member> members;
        int metricsPort = freePort();
        String metrics;
        try (LocalEdge edge = LocalEdge.start(config, metricsPort);
                RepositoryServer server = RepositoryServer.start(edgeRepo, "127.0.0.1", 0);
                ModelRepository installed = ModelRepository.open(deviceRepo, Zoo.MODEL, 1)) {
            FleetSpec spec =
                    new FleetSpec(
                            DEVICES,
                            RUN_SECONDS,
                            0.5,
                            List.of(DeviceClass.RPI4, DeviceClass.PI_ZERO),
                            TraceReader.readFolder(Checkout.TRACES).traces(),
                            5,
                            Zoo.MODEL,
                            bootstrap,
                            KafkaClientProperties.none(),
                            topics,
                            1.0,
                            7,
                            List.of(""),
                            Optional.empty());
            FleetRunner fleet =
                    new FleetRunner(
                            spec,
                            installed,
                            LabeledImages.evaluationSubset(installed),
                            new FleetDownloads(server.uri(), dir.resolve("cache"), 2));
            ExecutorService runner = Executors.newSingleThreadExecutor();
            start = System.currentTimeMillis();
            Future<List<FleetRunner.Member>> running = runner.submit(() -> fleet.run(p -> {}));

            Thread.sleep(PUBLISH_AT_MILLIS);
            ZooCopy.addVersion(dir.resolve("edge"), "w100"); // what 'models import' leaves
            CliRun publish =
                    CliRun.of(
                            "models",
                            "publish",
                            "--repo",
                            edgeRepo.toString(),
                            "--model",
                            Zoo.MODEL,
                            "--version",
                            "w100",
                            "--bootstrap",
                            bootstrap,
                            "--namespace",
                            topics.namespace());
            assertThat(publish.exitCode()).as(publish.err()).isZero();
            assertThat(publish.out()).contains("published fmnist-resnet/w100");
            timeline.add(at(start) + " w100 published");

            Thread.sleep(WITHDRAW_AT_MILLIS - (System.currentTimeMillis() - start));
            CliRun withdraw =
                    CliRun.of(
                            "models",
                            "withdraw",
                            "--model",
                            Zoo.MODEL,
                            "--version",
                            "w25",
                            "--bootstrap",
                            bootstrap,
                            "--namespace",
                            topics.namespace());
            assertThat(withdraw.exitCode()).as(withdraw.err()).isZero();
            timeline.add(at(start) + " w25 withdrawn");

            members = running.get();
            runner.shutdown();
            metrics = scrape(metricsPort);
        }

        List<Plan> plans =
                TopicRecords.committed(
                        bootstrap,
                        topics.name(TandemTopic.PLANS),
                        Plan.class,
                        Duration.ofSeconds(20));
        List<Telemetry> telemetry =
                TopicRecords.committed(
                        bootstrap,
                        topics.name(TandemTopic.TELEMETRY),
                        Telemetry.class,
                        Duration.ofSeconds(20));
        List<DeadLetter> dead =
                TopicRecords.committed(
                        bootstrap,
                        topics.name(TandemTopic.DLQ),
                        DeadLetter.class,
                        Duration.ofSeconds(10));
        long withdrawnAtMicros = (start + WITHDRAW_AT_MILLIS) * 1000;
        for (FleetRunner.Member m : members) {
            String id = m.deviceId();
            plans.stream()
                    .filter(p -> p.getDeviceId().equals(id) && p.getVersion().equals("w100"))
                    .min(Comparator.comparingLong(Plan::getValidFromMicros))
                    .ifPresent(
                            p ->
                                    timeline.add(
                                            at(start, p.getValidFromMicros())
                                                    + " "
                                                    + id
                                                    + " planned onto w100 (epoch "
                                                    + p.getEpoch()
                                                    + ")"));
            telemetry.stream()
                    .filter(t -> t.getDeviceId().equals(id) && t.getHeldVersions().contains("w100"))
                    .min(Comparator.comparingLong(Telemetry::getWindowEndMicros))
                    .ifPresent(
                            t ->
                                    timeline.add(
                                            at(start, t.getWindowEndMicros())
                                                    + " "
                                                    + id
                                                    + " holds w100"));
        }
        timeline.sort(Comparator.comparingDouble(line -> Double.parseDouble(line.split("s ")[0])));
        System.out.println("model lifecycle timeline (seconds since the fleet started):");
        timeline.forEach(line -> System.out.println("  " + line));

        assertThat(dead).as("no request failed or was refused").isEmpty();
        // What Prometheus scrapes from the edge: the tail per model version (Flink's reporter
        // writes
        // label values with '_' for '-'), the planner.
        assertThat(metrics)
                .containsPattern(
                        "inferenceRequestSuccess\\{.*model=\"fmnist_resnet\".*version=\"w100\"")
                .containsPattern("inferenceRequestSuccess\\{.*version=\"w25\"")
                .contains("inferenceQueueDurationUs")
                .contains("inferenceBatchSize")
                .contains("admittedShare")
                .contains("solveMicros");
        metrics.lines()
                .filter(
                        l ->
                                !l.startsWith("#")
                                        && (l.contains("inferenceRequestSuccess")
                                                || l.contains("admittedShare")))
                .forEach(l -> System.out.println("  metric " + brief(l)));
        for (FleetRunner.Member m : members) {
            var r = m.report();
            assertThat(r.duplicates()).as(m.deviceId() + ": answered twice").isZero();
            assertThat(r.unanswered()).as(m.deviceId() + ": sent and never answered").isZero();
            assertThat(r.answered() + r.dropped())
                    .as(m.deviceId() + ": every frame answered or dropped on the device")
                    .isEqualTo(r.captured());
            assertThat(r.plansRefused()).as(m.deviceId() + ": plans refused").isZero();
            Map<String, Long> byVersion = sentByVersion(r.framesByPlan());
            assertThat(byVersion)
                    .as(m.deviceId() + " frames by version")
                    .containsKeys("w25", "w100");
            Plan last =
                    plans.stream()
                            .filter(p -> p.getDeviceId().equals(m.deviceId()))
                            .max(Comparator.comparingLong(Plan::getEpoch))
                            .orElseThrow();
            assertThat(last.getVersion()).as(m.deviceId() + " ends on").isEqualTo("w100");
        }
        assertThat(plans)
                .as("nothing planned on w25 after its withdrawal took effect")
                .filteredOn(p -> p.getValidFromMicros() > withdrawnAtMicros + 2_000_000)
                .noneMatch(p -> p.getVersion().equals("w25"));
    }

    /** A scraped line as name{version} value, without Flink's scope labels. */
    private static String brief(String line) {
        String name = line.substring(0, line.indexOf('{'));
        Matcher version = Pattern.compile("version=\"([^\"]*)\"").matcher(line);
        return name.substring(name.lastIndexOf("operator_") + "operator_".length())
                + (version.find() ? "{version=" + version.group(1) + "}" : "")
                + line.substring(line.lastIndexOf(' '));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String scrape(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Frames sent per version, from the report's {@code epoch:version/partition/codec} keys. */
    private static Map<String, Long> sentByVersion(Map<String, Long> framesByPlan) {
        return framesByPlan.entrySet().stream()
                .collect(
                        Collectors.groupingBy(
                                e ->
                                        e.getKey()
                                                .substring(e.getKey().indexOf(':') + 1)
                                                .split("/")[0],
                                TreeMap::new,
                                Collectors.summingLong(Map.Entry::getValue)));
    }

    private static String at(long startMillis) {
        return String.format("%.1fs", (System.currentTimeMillis() - startMillis) / 1000.0);
    }

    private static String at(long startMillis, long micros) {
        return String.format("%.1fs", (micros / 1000.0 - startMillis) / 1000.0);
    }
}
