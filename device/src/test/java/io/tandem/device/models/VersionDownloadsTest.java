package io.tandem.device.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.device.HeadStage;
import io.tandem.device.SafeDefaultPlan;
import io.tandem.models.Tensor;
import io.tandem.models.codec.EncodedFeatures;
import io.tandem.models.distribution.ModelAnnouncements;
import io.tandem.models.distribution.RepositoryServer;
import io.tandem.models.distribution.SliceDownloader;
import io.tandem.models.repository.ModelRepository;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.Plan;
import io.tandem.testkit.Zoo;
import io.tandem.testkit.ZooCopy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device installed with w25 only, planned onto w100: it fetches the head from a real repository
 * server, verifies it, loads it and then runs exactly what the zoo's own head computes; from a
 * server whose file was tampered with it refuses the slice and never loads it.
 */
class VersionDownloadsTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final Plan ON_W100 =
            SafeDefaultPlan.of("cam-1", Zoo.MODEL, "w100", 3, "int8", 10);

    @Test
    void aPlannedVersionIsFetchedVerifiedAndLoadedBeforeItRuns(@TempDir Path tmp) throws Exception {
        Path served = ZooCopy.withVersions(tmp.resolve("edge"), "w25", "w100");
        try (ModelRepository installed =
                        ModelRepository.open(
                                ZooCopy.withVersions(tmp.resolve("installed"), "w25"),
                                Zoo.MODEL,
                                1);
                RepositoryServer server = RepositoryServer.start(served, "127.0.0.1", 0);
                VersionDownloads downloads =
                        new VersionDownloads(
                                installed,
                                tmp.resolve("cache"),
                                new SliceDownloader(server.uri()),
                                2,
                                line -> {})) {
            DeviceModels models = DeviceModels.downloading(installed, downloads);
            assertThat(models.readiness(ON_W100).pending()).as("not announced yet: waits").isTrue();
            models.announce(ModelAnnouncements.published(served.resolve(Zoo.MODEL), "w100", CLOCK));
            assertThat(models.readiness(ON_W100).state()).isEqualTo(Readiness.State.PENDING);
            assertThat(awaitSettled(() -> models.readiness(ON_W100)).state())
                    .isEqualTo(Readiness.State.READY);
            assertThat(models.heldVersions()).containsExactly("w100", "w25");
            assertThat(models.pendingVersion()).isEmpty();

            Tensor image = Zoo.images().batch(0, 1);
            EncodedFeatures fetched = new HeadStage(models).run(ON_W100, image);
            EncodedFeatures reference = new HeadStage(Zoo.repository()).run(ON_W100, image);
            assertThat(fetched.payload()).isEqualTo(reference.payload());
        }
    }

    @Test
    void theVersionInUseStaysCachedAtTheBound(@TempDir Path tmp) throws Exception {
        Path served = ZooCopy.withVersions(tmp.resolve("edge"), "w25", "w50", "w100");
        try (ModelRepository installed =
                        ModelRepository.open(
                                ZooCopy.withVersions(tmp.resolve("installed"), "w25"),
                                Zoo.MODEL,
                                1);
                RepositoryServer server = RepositoryServer.start(served, "127.0.0.1", 0);
                VersionDownloads downloads =
                        new VersionDownloads(
                                installed,
                                tmp.resolve("cache"),
                                new SliceDownloader(server.uri()),
                                1,
                                line -> {})) {
            DeviceModels models = DeviceModels.downloading(installed, downloads);
            models.announce(ModelAnnouncements.published(served.resolve(Zoo.MODEL), "w100", CLOCK));
            models.announce(ModelAnnouncements.published(served.resolve(Zoo.MODEL), "w50", CLOCK));
            HeadStage head = new HeadStage(models);
            Tensor image = Zoo.images().batch(0, 1);
            assertThat(awaitSettled(() -> models.readiness(ON_W100)).ready()).isTrue();
            head.run(ON_W100, image); // the device runs w100

            Plan onW50 = SafeDefaultPlan.of("cam-1", Zoo.MODEL, "w50", 2, "int8", 10);
            assertThat(awaitSettled(() -> models.readiness(onW50)).ready()).isTrue();
            assertThat(models.heldVersions())
                    .as("one downloaded version allowed, but w100 runs: both kept")
                    .contains("w100", "w50");
            assertThat(head.run(ON_W100, image).payload())
                    .isEqualTo(new HeadStage(Zoo.repository()).run(ON_W100, image).payload());
        }
    }

    @Test
    void aTamperedSliceIsRefusedNeverLoadedAndCounted(@TempDir Path tmp) throws Exception {
        Path served = ZooCopy.withVersions(tmp.resolve("edge"), "w25", "w100");
        ModelAnnouncement honest =
                ModelAnnouncements.published(served.resolve(Zoo.MODEL), "w100", CLOCK);
        // The server's copy of every w100 head changes after the announcement.
        try (var files = Files.walk(served.resolve(Zoo.MODEL).resolve("w100"))) {
            for (Path f : files.filter(p -> p.toString().endsWith("head.onnx")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                bytes[bytes.length - 1] ^= 1;
                Files.write(f, bytes);
            }
        }
        List<String> log = new CopyOnWriteArrayList<>();
        try (ModelRepository installed =
                        ModelRepository.open(
                                ZooCopy.withVersions(tmp.resolve("installed"), "w25"),
                                Zoo.MODEL,
                                1);
                RepositoryServer server = RepositoryServer.start(served, "127.0.0.1", 0);
                VersionDownloads downloads =
                        new VersionDownloads(
                                installed,
                                tmp.resolve("cache"),
                                new SliceDownloader(server.uri()),
                                2,
                                log::add)) {
            DeviceModels models = DeviceModels.downloading(installed, downloads);
            models.announce(honest);
            Readiness settled = awaitSettled(() -> models.readiness(ON_W100));
            assertThat(settled.state()).isEqualTo(Readiness.State.REFUSED);
            assertThat(settled.reason()).contains("not the announced file");
            assertThat(models.refusedDownloads()).isEqualTo(1);
            assertThat(models.heldVersions()).containsExactly("w25");
            assertThat(log).singleElement().asString().contains("refused");
        }
    }

    @Test
    void withoutItsRepositoryTheDeviceKeepsWaitingOnWhatItHas(@TempDir Path tmp) throws Exception {
        Path served = ZooCopy.withVersions(tmp.resolve("edge"), "w25", "w100");
        URI gone;
        try (RepositoryServer server = RepositoryServer.start(served, "127.0.0.1", 0)) {
            gone = server.uri(); // closed below: nothing listens there any more
        }
        List<String> log = new CopyOnWriteArrayList<>();
        try (ModelRepository installed =
                        ModelRepository.open(
                                ZooCopy.withVersions(tmp.resolve("installed"), "w25"),
                                Zoo.MODEL,
                                1);
                VersionDownloads downloads =
                        new VersionDownloads(
                                installed,
                                tmp.resolve("cache"),
                                new SliceDownloader(gone),
                                2,
                                log::add)) {
            DeviceModels models = DeviceModels.downloading(installed, downloads);
            models.announce(ModelAnnouncements.published(served.resolve(Zoo.MODEL), "w100", CLOCK));
            models.readiness(ON_W100);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (log.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(log).singleElement().asString().contains("could not download");
            Readiness later = models.readiness(ON_W100);
            assertThat(later.pending()).as("not refused: tried again later").isTrue();
            assertThat(later.reason()).contains("retrying");
            assertThat(models.heldVersions()).containsExactly("w25");
            assertThat(models.refusedDownloads()).isZero();
        }
    }

    /** Polls until the background download has settled one way or the other. */
    private static Readiness awaitSettled(Supplier<Readiness> readiness)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Readiness r = readiness.get();
        while (r.pending() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            r = readiness.get();
        }
        return r;
    }
}
