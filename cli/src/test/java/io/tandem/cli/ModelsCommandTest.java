package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Checkout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {

    private static final Path ZOO = Checkout.ZOO;

    @Test
    void verifyPassesOnTheCommittedZoo() {
        CliRun run = CliRun.of("models", "verify", "--repo", ZOO.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("slices verified");
    }

    @Test
    void verifyFailsLoudlyOnACorruptSlice(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("zoo");
        copyTree(ZOO, copy);
        Path victim = copy.resolve("fmnist-resnet/w50/p3/head-bn.onnx");
        byte[] bytes = Files.readAllBytes(victim);
        bytes[10] ^= 0x40;
        Files.write(victim, bytes);
        Files.delete(copy.resolve("fmnist-resnet/w25/full.onnx"));

        CliRun run = CliRun.of("models", "verify", "--repo", copy.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("w50/p3/head-bn.onnx is corrupt")
                .contains("missing model file w25/full.onnx");
    }

    @Test
    void aMissingRepositoryIsOneLine(@TempDir Path tmp) {
        CliRun run = CliRun.of("models", "verify", "--repo", tmp.resolve("nowhere").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("cannot read manifest");
    }

    @Test
    void evalPrintsMeasuredAccuracyNextToTheManifest() {
        CliRun run =
                CliRun.of(
                        "models",
                        "eval",
                        "--repo",
                        ZOO.toString(),
                        "--versions",
                        "w25",
                        "--codecs",
                        "int8");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("2000 images")
                .contains("w25")
                .contains("bottleneck")
                .contains("bn-int8")
                .contains("best payload reduction");
    }

    @Test
    void importEndsWithOneJsonLineAndTheModelIsThenServedLikeTheZoo(@TempDir Path repo)
            throws IOException {
        Path onnx =
                Checkout.ROOT.resolve("model-import/src/test/resources/fixtures/squeezenet11.onnx");

        CliRun run = importInto(repo, "sq", onnx);

        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        var json =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(json.get("model").asText()).isEqualTo("sq");
        assertThat(json.get("version").asText()).isEqualTo("v1");
        assertThat(json.get("legal_cuts").asInt())
                .isGreaterThanOrEqualTo(json.get("partitions").size());
        assertThat(json.get("partitions").get(0).asText()).isEqualTo("image");
        assertThat(json.get("max_abs_diff").asDouble()).isLessThanOrEqualTo(1e-4);
        assertThat(
                        CliRun.of("models", "verify", "--repo", repo.toString(), "--model", "sq")
                                .exitCode())
                .isZero();
        assertThat(CliRun.of("models", "report", "--repo", repo.toString(), "--model", "sq").out())
                .contains("unknown")
                .contains("head on rpi4");
    }

    @Test
    void importHelpNamesTheModelVersionOption() {
        CliRun run = CliRun.of("models", "import", "--help");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("--version=ID").contains("--onnx=FILE").contains("--images");
    }

    @Test
    void aRefusedImportIsOneLineAndExitsOne(@TempDir Path repo) {
        CliRun run = importInto(repo, "x", Checkout.ROOT.resolve("README.md"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip())
                .doesNotContain("\n")
                .startsWith("tandem models import: ")
                .contains("is not an ONNX model");
    }

    private static CliRun importInto(Path repo, String model, Path onnx) {
        return CliRun.of(
                "models",
                "import",
                "--repo",
                repo.toString(),
                "--model",
                model,
                "--version",
                "v1",
                "--onnx",
                onnx.toString());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
