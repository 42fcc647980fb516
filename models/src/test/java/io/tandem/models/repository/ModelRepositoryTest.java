package io.tandem.models.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.models.ZooFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

    @Test
    void theCommittedZooVerifies() {
        try (ModelRepository repo = ModelRepository.open(ZooFixture.ROOT, ZooFixture.MODEL, 1)) {
            assertThat(repo.verifyAll()).isEmpty();
            assertThat(repo.manifest().versions()).hasSizeGreaterThanOrEqualTo(3);
            repo.manifest()
                    .versions()
                    .forEach(v -> assertThat(v.partitions()).hasSizeGreaterThanOrEqualTo(5));
        }
    }

    @Test
    void aCorruptSliceIsRefusedByNameBeforeLoading(@TempDir Path tmp) throws IOException {
        Path copy = copyZoo(tmp);
        try (ModelRepository repo = ModelRepository.open(copy, ZooFixture.MODEL, 1)) {
            SliceKey key = new SliceKey("w50", 2, false);
            String file = repo.variant(key).tail().file();
            byte[] bytes = Files.readAllBytes(copy.resolve(ZooFixture.MODEL).resolve(file));
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(copy.resolve(ZooFixture.MODEL).resolve(file), bytes);

            assertThatThrownBy(() -> repo.tail(key))
                    .isInstanceOf(ModelIntegrityException.class)
                    .hasMessageContaining(file)
                    .hasMessageContaining("corrupt");
            assertThat(repo.verifyAll()).hasSize(1).first().asString().contains(file);
        }
    }

    @Test
    void aMissingSliceIsNamed(@TempDir Path tmp) throws IOException {
        Path copy = copyZoo(tmp);
        try (ModelRepository repo = ModelRepository.open(copy, ZooFixture.MODEL, 1)) {
            SliceKey key = new SliceKey("w25", 3, true);
            String file = repo.variant(key).head().file();
            Files.delete(copy.resolve(ZooFixture.MODEL).resolve(file));
            assertThatThrownBy(() -> repo.head(key))
                    .isInstanceOf(ModelIntegrityException.class)
                    .hasMessage("missing model file " + file);
        }
    }

    @Test
    void aManifestPathOutsideTheRepositoryIsRefused(@TempDir Path tmp) throws IOException {
        Path copy = copyZoo(tmp);
        Path manifest = copy.resolve(ZooFixture.MODEL).resolve("manifest.json");
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replaceFirst("\"w100/full.onnx\"", "\"../../../etc/passwd\""));
        try (ModelRepository repo = ModelRepository.open(copy, ZooFixture.MODEL, 1)) {
            assertThatThrownBy(() -> repo.full("w100"))
                    .isInstanceOf(ModelIntegrityException.class)
                    .hasMessageContaining("outside the repository");
        }
    }

    @Test
    void partitionZeroHasNoHeadAndTheLastHasNoTail() {
        try (ModelRepository repo = ModelRepository.open(ZooFixture.ROOT, ZooFixture.MODEL, 1)) {
            int n = repo.manifest().version("w25").blocks();
            assertThat(repo.head(new SliceKey("w25", 0, false))).isEmpty();
            assertThat(repo.tail(new SliceKey("w25", n, false))).isEmpty();
            assertThat(repo.head(new SliceKey("w25", n, false))).isPresent();
            assertThatThrownBy(() -> repo.variant(new SliceKey("w25", 0, true)))
                    .hasMessageContaining("no bottleneck variant");
        }
    }

    private static Path copyZoo(Path tmp) throws IOException {
        Path target = tmp.resolve("zoo");
        try (Stream<Path> files = Files.walk(ZooFixture.ROOT.resolve(ZooFixture.MODEL))) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path dest = target.resolve(ZooFixture.ROOT.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return target;
    }
}
