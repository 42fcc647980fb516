package io.tandem.models.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtSession;
import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import io.tandem.testkit.Checkout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelImportTest {

    private static final Path FIXTURES = LegalCutsTest.FIXTURES;

    @TempDir Path repo;

    private ImportResult importFixture(String name, String version) {
        return new ModelImport(
                        ImportRequest.of(FIXTURES.resolve(name + ".onnx"), name, version, repo),
                        line -> {})
                .run();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mobilenetv2-035", "squeezenet11", "shufflenetv2-05", "control-flow"})
    void everyImportedPairRunHeadThenTailEqualsTheFullModel(String name) {
        ImportResult result = importFixture(name, "v1");

        assertThat(result.maxAbsDiff()).isLessThanOrEqualTo(1e-4);
        // The input and the output at least; interior cuts only where they send less than the
        // input.
        assertThat(result.partitions()).hasSizeBetween(2, 8);
        try (ModelRepository repository = ModelRepository.open(repo, name, 1)) {
            assertThat(repository.verifyAll()).isEmpty();
            ModelManifest.Version version = repository.manifest().version("v1");
            long[] sample = repository.manifest().sampleShape();
            Tensor image = RandomImages.of(1, sample, new Random(99));
            Tensor expected = SliceRunner.run(repository.full("v1"), image);
            for (ModelManifest.Partition p : version.partitions()) {
                SliceKey key = new SliceKey("v1", p.partition(), false);
                Tensor features =
                        repository.head(key).map(h -> SliceRunner.run(h, image)).orElse(image);
                Optional<OrtSession> tail = repository.tail(key);
                Tensor logits = tail.map(t -> SliceRunner.run(t, features)).orElse(features);
                for (int i = 0; i < expected.values().length; i++) {
                    assertThat((double) logits.values()[i])
                            .as("%s partition %d (%s)", name, p.partition(), p.cut())
                            .isCloseTo(
                                    expected.values()[i],
                                    org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        }
    }

    @Test
    void theOfferedPartitionsRunFromTheInputToTheOutputAndNeverSendMoreForMoreWork() {
        importFixture("mobilenetv2-035", "v1");
        try (ModelRepository repository = ModelRepository.open(repo, "mobilenetv2-035", 1)) {
            List<ModelManifest.Partition> ps = repository.manifest().version("v1").partitions();
            assertThat(ps).hasSizeGreaterThan(3);
            assertThat(ps.get(0).cut()).isEqualTo("image");
            assertThat(ps.get(ps.size() - 1).cut()).isEqualTo("logits");
            long previousFlops = -1;
            for (ModelManifest.Partition p : ps) {
                ModelManifest.Variant v = p.variants().get(0);
                long flops = v.head() == null ? 0 : v.head().flops();
                assertThat(flops).isGreaterThan(previousFlops);
                previousFlops = flops;
                assertThat(v.codecs())
                        .extracting(ModelManifest.CodecFigures::codec)
                        .containsExactly("float32", "float16");
                assertThat(v.codecs()).allSatisfy(c -> assertThat(c.accuracy()).isNull());
            }
        }
    }

    @Test
    void withLabelledImagesAccuracyIsMeasuredPerPartitionAndCodecAndASubsetKept()
            throws IOException {
        Path images = Files.createDirectories(repo.resolve("../images-" + System.nanoTime()));
        byte[] pixels = Files.readAllBytes(Checkout.ZOO.resolve("data/fmnist-test-2000-images.u8"));
        byte[] labels = Files.readAllBytes(Checkout.ZOO.resolve("data/fmnist-test-2000-labels.u8"));
        Files.write(images.resolve("images.u8"), java.util.Arrays.copyOf(pixels, 200 * 784));
        Files.write(images.resolve("labels.u8"), java.util.Arrays.copyOf(labels, 200));
        Path full = Checkout.ZOO.resolve(Checkout.MODEL).resolve("w25/full.onnx");

        new ModelImport(
                        ImportRequest.builder(full, "resnet", "w25", repo).images(images).build(),
                        l -> {})
                .run();

        try (ModelRepository repository = ModelRepository.open(repo, "resnet", 1)) {
            ModelManifest m = repository.manifest();
            assertThat(m.evaluation().subsetFiles()).hasSize(2);
            assertThat(io.tandem.models.eval.LabeledImages.evaluationSubset(repository).count())
                    .isEqualTo(200);
            for (ModelManifest.Partition p : m.version("w25").partitions()) {
                ModelManifest.Variant v = p.variants().get(0);
                assertThat(v.codecs()).hasSize(6);
                double float32 = v.codec("float32").orElseThrow().accuracy();
                assertThat(float32).isGreaterThan(0.7); // a trained model, not chance (0.1)
                if (p.partition() > 0 && p.partition() < m.version("w25").blocks()) {
                    // int4 loses something at real features; never more than float32 keeps
                    assertThat(v.codec("int4").orElseThrow().accuracy())
                            .isLessThanOrEqualTo(float32 + 0.02);
                }
            }
        }
    }

    @Test
    void anExistingVersionIsRefusedUnlessReplaced() throws IOException {
        importFixture("control-flow", "v1");
        String before = Files.readString(repo.resolve("control-flow/manifest.json"));

        assertThatThrownBy(() -> importFixture("control-flow", "v1"))
                .isInstanceOf(ImportRefused.class)
                .hasMessageContaining("--replace");
        assertThat(Files.readString(repo.resolve("control-flow/manifest.json"))).isEqualTo(before);

        ImportRequest again =
                ImportRequest.builder(
                                FIXTURES.resolve("control-flow.onnx"), "control-flow", "v1", repo)
                        .replace(true)
                        .build();
        new ModelImport(again, l -> {}).run();
        try (ModelRepository repository = ModelRepository.open(repo, "control-flow", 1)) {
            assertThat(repository.manifest().versions()).hasSize(1);
            assertThat(repository.verifyAll()).isEmpty();
        }
    }

    @Test
    void aSecondVersionJoinsTheManifestOnlyWithTheSameInput() {
        importFixture("control-flow", "v1");
        importFixture("control-flow", "v2");
        try (ModelRepository repository = ModelRepository.open(repo, "control-flow", 1)) {
            assertThat(repository.manifest().versions())
                    .extracting(ModelManifest.Version::id)
                    .containsExactly("v1", "v2");
        }
        ImportRequest other =
                ImportRequest.of(FIXTURES.resolve("squeezenet11.onnx"), "control-flow", "v3", repo);

        assertThatThrownBy(() -> new ModelImport(other, l -> {}).run())
                .isInstanceOf(ImportRefused.class)
                .hasMessageContaining("takes inputs of [1, 8, 8]");
    }
}
