package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Checkout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanAndSplitCommandTest {

    private static final Path REPO = Checkout.ROOT;
    private static final String CELL = REPO.resolve("data/problems/cell-8.json").toString();

    @Test
    void planPrintsEveryDeviceAndAGapBound() {
        CliRun run = CliRun.of("plan", "--problem", CELL);
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String device :
                new String[] {
                    "cam-1", "cam-2", "cam-3", "phone-1", "phone-2", "iot-1", "iot-2", "jetson-1"
                }) {
            assertThat(run.out()).contains(device);
        }
        Matcher gap = Pattern.compile("gap bound ([0-9.]+)%").matcher(run.out());
        assertThat(gap.find()).isTrue();
        assertThat(Double.parseDouble(gap.group(1))).isLessThanOrEqualTo(0.5);
    }

    @Test
    void tandemBeatsEveryBaselineOnTheExampleCell() {
        double tandem = objective(CliRun.of("plan", "--problem", CELL));
        for (String baseline :
                new String[] {
                    "device-only", "edge-only", "neurosurgeon", "fixed-version", "edgent"
                }) {
            CliRun run = CliRun.of("plan", "--problem", CELL, "--solver", baseline);
            assertThat(run.out()).contains("gap bound none");
            assertThat(tandem).as("tandem vs %s", baseline).isLessThanOrEqualTo(objective(run));
        }
    }

    @Test
    void theLearnedPolicyPlansTheExampleCellNoBetterThanTandem() {
        CliRun drl = CliRun.of("plan", "--problem", CELL, "--solver", "drl");
        assertThat(drl.exitCode()).as(drl.err()).isZero();
        assertThat(drl.out())
                .contains("solver drl")
                .contains("gap bound none")
                .contains("jetson-1");
        assertThat(objective(drl))
                .isGreaterThanOrEqualTo(objective(CliRun.of("plan", "--problem", CELL)));
    }

    @Test
    void anUnknownSolverOrABadFileIsOneLine(@TempDir Path tmp) throws Exception {
        CliRun unknown = CliRun.of("plan", "--problem", CELL, "--solver", "magic");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("unknown solver 'magic'");

        Path bad =
                Files.writeString(
                        tmp.resolve("bad.json"), "{\"ingress_mbps\": 5, \"colour\": \"blue\"}");
        CliRun badFile = CliRun.of("plan", "--problem", bad.toString());
        assertThat(badFile.exitCode()).isEqualTo(1);
        assertThat(badFile.err().strip()).doesNotContain("\n").contains("cannot read problem");
    }

    @Test
    void splitEndsWithTheJsonLine() {
        CliRun run =
                CliRun.of(
                        "split",
                        "--profile",
                        REPO.resolve("data/profiles/scission/vgg16.json").toString(),
                        "--device",
                        "raspi4",
                        "--edge",
                        "2500",
                        "--bandwidth-mbps",
                        "0.01",
                        "--rtt-ms",
                        "20");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines[lines.length - 1])
                .matches("\\{\"device_blocks\": \\d+, \"latency_s\": [0-9.]+\\}");
        // 10 kbit/s: nothing can be sent in time, the whole model runs on the device.
        assertThat(lines[lines.length - 1]).startsWith("{\"device_blocks\": 22,");
    }

    private static double objective(CliRun run) {
        Matcher m = Pattern.compile("objective ([0-9.]+)").matcher(run.out());
        assertThat(m.find()).as(run.out() + run.err()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
