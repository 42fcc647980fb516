package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Checkout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    private static final Path REPO = Checkout.ROOT;
    private static final String TRACES = REPO.resolve("data/traces").toString();
    private static final String ZOO =
            REPO.resolve("models/zoo/fmnist-resnet/manifest.json").toString();

    @Test
    void aShortRunPrintsTheTableAndWritesTheReport(@TempDir Path out) {
        CliRun run =
                CliRun.of(
                        "simulate",
                        "--traces",
                        TRACES,
                        "--profile",
                        ZOO,
                        "--devices",
                        "6",
                        "--duration",
                        "30",
                        "--planners",
                        "tandem,static,oracle",
                        "--out",
                        out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("| tandem |").contains("| static |").contains("| oracle |");
        for (String file :
                new String[] {"report.json", "report.md", "latency-cdf.png", "objective.png"}) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
    }

    @Test
    void aScissionProfileDrivesTheSameSimulation(@TempDir Path out) {
        CliRun run =
                CliRun.of(
                        "simulate",
                        "--traces",
                        TRACES,
                        "--profile",
                        REPO.resolve("data/profiles/scission/resnet50.json").toString(),
                        "--devices",
                        "4",
                        "--duration",
                        "20",
                        "--fps",
                        "0.5,1",
                        "--deadline-scale",
                        "10",
                        "--classes",
                        "rpi4",
                        "--planners",
                        "tandem,device-only,edge-only",
                        "--out",
                        out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("| tandem |").contains("| edge-only |");
        assertThat(out.resolve("report.json")).content().contains("\"planner\" : \"edge-only\"");
    }

    @Test
    void exactOnTooManyDevicesAndUnknownPlannersAreRefusedInOneLine(@TempDir Path out)
            throws Exception {
        CliRun exact =
                CliRun.of(
                        "simulate",
                        "--traces",
                        TRACES,
                        "--profile",
                        ZOO,
                        "--devices",
                        "20",
                        "--duration",
                        "10",
                        "--planners",
                        "tandem,exact",
                        "--out",
                        out.toString());
        assertThat(exact.exitCode()).isEqualTo(1);
        assertThat(exact.err().strip()).doesNotContain("\n").contains("exact planner would search");

        CliRun unknown =
                CliRun.of(
                        "simulate",
                        "--traces",
                        TRACES,
                        "--profile",
                        ZOO,
                        "--planners",
                        "psychic",
                        "--out",
                        out.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown planner 'psychic'");

        Path empty = Files.createDirectories(out.resolve("empty"));
        CliRun noTraces =
                CliRun.of(
                        "simulate",
                        "--traces",
                        empty.toString(),
                        "--profile",
                        ZOO,
                        "--out",
                        out.toString());
        assertThat(noTraces.exitCode()).isEqualTo(1);
        assertThat(noTraces.err()).contains("no trace files");
    }
}
