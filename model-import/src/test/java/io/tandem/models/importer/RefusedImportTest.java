package io.tandem.models.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.onnx.Onnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal is one line and leaves the repository byte for byte as it was. */
class RefusedImportTest {

    @TempDir Path work;
    private Path repo;
    private Map<String, String> before;

    @BeforeEach
    void aRepositoryWithOneModel() throws IOException {
        repo = Files.createDirectories(work.resolve("repo"));
        new ModelImport(
                        ImportRequest.of(
                                LegalCutsTest.FIXTURES.resolve("control-flow.onnx"),
                                "m",
                                "v1",
                                repo),
                        l -> {})
                .run();
        before = snapshot(repo);
    }

    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(
                        root.relativize(p).toString(),
                        io.tandem.models.repository.Sha256.hex(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    private void assertRefusedAndUntouched(ImportRequest request, String reason)
            throws IOException {
        assertThatThrownBy(() -> new ModelImport(request, l -> {}).run())
                .isInstanceOf(ImportRefused.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(snapshot(repo)).isEqualTo(before);
        try (Stream<Path> entries = Files.list(repo)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("m");
        }
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(work.resolve(name), bytes);
    }

    @Test
    void notOnnx() throws IOException {
        Path junk = file("junk.onnx", "this is not a model".getBytes());

        assertRefusedAndUntouched(ImportRequest.of(junk, "m", "v2", repo), "not an ONNX model");
    }

    @Test
    void truncatedModel() throws IOException {
        byte[] good = Files.readAllBytes(LegalCutsTest.FIXTURES.resolve("mobilenetv2-035.onnx"));
        Path cut = file("cut.onnx", java.util.Arrays.copyOf(good, good.length / 2));

        assertRefusedAndUntouched(ImportRequest.of(cut, "m", "v2", repo), "not an ONNX model");
    }

    @Test
    void twoInputs() throws IOException {
        Onnx.ModelProto model =
                Graphs.model(
                        List.of(Graphs.node("Add", List.of("x", "y"), "logits")),
                        List.of(),
                        List.of(Graphs.image("x"), Graphs.image("y")),
                        "logits");
        Path two = file("two.onnx", model.toByteArray());

        assertRefusedAndUntouched(ImportRequest.of(two, "n", "v1", repo), "has 2 inputs");
    }

    @Test
    void anOperatorOnnxRuntimeDoesNotKnow() throws IOException {
        Onnx.ModelProto model =
                Graphs.model(
                        List.of(Graphs.node("NoSuchOperator", List.of("image"), "logits")),
                        List.of(),
                        List.of(Graphs.image("image")),
                        "logits");
        Path unknown = file("unknown-op.onnx", model.toByteArray());

        assertRefusedAndUntouched(
                ImportRequest.of(unknown, "n", "v1", repo), "ONNX Runtime cannot load the model");
    }

    @Test
    void aDynamicDimensionNoOneFixed() throws IOException {
        Onnx.ModelProto residual = Graphs.residual();
        Onnx.ValueInfoProto open =
                residual.getGraph().getInput(0).toBuilder()
                        .setType(
                                Onnx.TypeProto.newBuilder()
                                        .setTensorType(
                                                Onnx.TypeProto.Tensor.newBuilder()
                                                        .setElemType(1)
                                                        .setShape(
                                                                Onnx.TensorShapeProto.newBuilder()
                                                                        .addDim(dim("n"))
                                                                        .addDim(dim(2))
                                                                        .addDim(dim("h"))
                                                                        .addDim(dim("w")))))
                        .build();
        Path dynamic =
                file(
                        "dynamic.onnx",
                        residual.toBuilder()
                                .setGraph(residual.getGraph().toBuilder().setInput(0, open))
                                .build()
                                .toByteArray());

        assertRefusedAndUntouched(ImportRequest.of(dynamic, "n", "v1", repo), "--input-shape");
        // ...and with the shape given, the same file imports.
        new ModelImport(
                        ImportRequest.builder(dynamic, "n", "v1", repo)
                                .inputShape(new long[] {2, 6, 6})
                                .build(),
                        l -> {})
                .run();
    }

    @Test
    void aVersionThatExists() throws IOException {
        assertRefusedAndUntouched(
                ImportRequest.of(
                        LegalCutsTest.FIXTURES.resolve("control-flow.onnx"), "m", "v1", repo),
                "already has version v1");
    }

    @Test
    void imagesThatDoNotFitTheInputFailLateAndStillChangeNothing() throws IOException {
        // Refused only after every slice was written and checked: the staging area goes too.
        Path images = Files.createDirectories(work.resolve("images"));
        Files.write(images.resolve("images.u8"), new byte[10 * 28 * 28]);
        Files.write(images.resolve("labels.u8"), new byte[10]);

        assertRefusedAndUntouched(
                ImportRequest.builder(
                                LegalCutsTest.FIXTURES.resolve("control-flow.onnx"),
                                "m",
                                "v2",
                                repo)
                        .images(images)
                        .build(),
                "do not hold 10 images");
    }

    private static Onnx.TensorShapeProto.Dimension dim(String name) {
        return Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(name).build();
    }

    private static Onnx.TensorShapeProto.Dimension dim(long value) {
        return Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
    }
}
