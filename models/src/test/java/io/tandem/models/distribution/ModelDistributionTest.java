package io.tandem.models.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.models.ZooFixture;
import io.tandem.models.repository.ModelIntegrityException;
import io.tandem.models.repository.ModelManifest;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.ModelFile;
import io.tandem.schema.ModelState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing and fetching a version over a real HTTP server: what an announcement lists, what the
 * server refuses to serve, and what the downloader refuses to keep.
 */
class ModelDistributionTest {

    private static final Path MODEL_DIR = ZooFixture.ROOT.resolve(ZooFixture.MODEL);
    private static final Clock CLOCK = Clock.systemUTC();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anAnnouncementListsEveryFileOfTheVersionWithItsDigestAndSize() throws IOException {
        ModelAnnouncement a = ModelAnnouncements.published(MODEL_DIR, "w25", CLOCK);
        ModelManifest manifest = ModelManifest.read(MODEL_DIR.resolve("manifest.json"));
        assertThat(a.getState()).isEqualTo(ModelState.PUBLISHED);
        assertThat(a.getFiles()).hasSize(manifest.slices("w25").size());
        for (ModelFile f : a.getFiles()) {
            assertThat(f.getSizeBytes()).isEqualTo(Files.size(MODEL_DIR.resolve(f.getPath())));
        }
        assertThat(a.getManifestEntry()).contains("\"id\":\"w25\"");
        assertThat(a.getTop1Accuracy()).isBetween(0.5, 1.0);
        assertThat(AnnouncementCheck.problem(a)).isEmpty();
        assertThat(ModelAnnouncements.disagreement(a, manifest)).isEmpty();

        a.getFiles().get(2).setSha256("f".repeat(64));
        assertThat(ModelAnnouncements.disagreement(a, manifest))
                .get()
                .asString()
                .contains(a.getFiles().get(2).getPath());
        a.getFiles().get(2).setPath("../../etc/passwd");
        assertThat(AnnouncementCheck.problem(a)).get().asString().contains("not inside the model");
    }

    @Test
    void theServerAnswersListedFilesOnlyAndNothingOutsideTheRepository() throws Exception {
        try (RepositoryServer server = RepositoryServer.start(ZooFixture.ROOT, "127.0.0.1", 0)) {
            String head =
                    ModelManifest.read(MODEL_DIR.resolve("manifest.json"))
                            .slices("w25")
                            .get(1)
                            .file();
            HttpResponse<byte[]> ok = get(server.uri().resolve(ZooFixture.MODEL + "/" + head));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo(Files.readAllBytes(MODEL_DIR.resolve(head)));

            for (String refused :
                    new String[] {
                        ZooFixture.MODEL + "/manifest.json",
                        ZooFixture.MODEL + "/w25/nothing.onnx",
                        ZooFixture.MODEL + "/%2e%2e/%2e%2e/pom.xml",
                        ZooFixture.MODEL + "/../../pom.xml",
                        "..%2fmodels%2fzoo/" + ZooFixture.MODEL + "/" + head,
                        "no-such-model/" + head
                    }) {
                assertThat(get(URI.create(server.uri() + refused)).statusCode())
                        .as(refused)
                        .isEqualTo(404);
            }
            HttpResponse<byte[]> post =
                    HTTP.send(
                            HttpRequest.newBuilder(
                                            server.uri().resolve(ZooFixture.MODEL + "/" + head))
                                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aTamperedDownloadIsRefusedAndLeavesNothing(@TempDir Path tmp) throws Exception {
        ModelAnnouncement a = ModelAnnouncements.published(MODEL_DIR, "w25", CLOCK);
        ModelFile file = a.getFiles().get(1);

        Path served = tmp.resolve("served");
        copyTree(MODEL_DIR, served.resolve(ZooFixture.MODEL));
        Path device = tmp.resolve("device").resolve(ZooFixture.MODEL);
        try (RepositoryServer server = RepositoryServer.start(served, "127.0.0.1", 0)) {
            SliceDownloader downloader = new SliceDownloader(server.uri());
            Path got = downloader.download(ZooFixture.MODEL, file, device);
            assertThat(Files.readAllBytes(got))
                    .isEqualTo(Files.readAllBytes(MODEL_DIR.resolve(file.getPath())));
            Files.delete(got);

            // One byte changed on the server's side, the manifest left as it was.
            Path onServer = served.resolve(ZooFixture.MODEL).resolve(file.getPath());
            byte[] bytes = Files.readAllBytes(onServer);
            bytes[bytes.length / 2] ^= 1;
            Files.write(onServer, bytes);
            assertThatThrownBy(() -> downloader.download(ZooFixture.MODEL, file, device))
                    .isInstanceOf(ModelIntegrityException.class)
                    .hasMessageContaining("not the announced file");
            try (Stream<Path> left = Files.walk(device)) {
                assertThat(left.filter(Files::isRegularFile)).as("nothing kept").isEmpty();
            }
        }
    }

    private static HttpResponse<byte[]> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
