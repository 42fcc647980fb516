package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Checkout;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./tandem bench-path} on its real broker and job: every frame it sends is answered, and
 * exactly-once answers wait for their checkpoint.
 */
class BenchPathIT {

    private static final Pattern ROW =
            Pattern.compile(
                    "(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+\\(([0-9.]+),"
                            + " ([0-9.]+), ([0-9.]+)\\)");

    @Test
    void everyFrameIsAnsweredAndExactlyOnceWaitsForItsCheckpoint() {
        CliRun run =
                CliRun.of(
                        "bench-path",
                        "--repo",
                        Checkout.ZOO.toString(),
                        "--rates",
                        "50",
                        "--modes",
                        "at-least-once,exactly-once:1000",
                        "--seconds",
                        "6");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Matcher rows = ROW.matcher(run.out());
        double[] p50 = new double[2];
        for (int i = 0; i < 2; i++) {
            assertThat(rows.find()).as(run.out()).isTrue();
            assertThat(Long.parseLong(rows.group(3))).as("answered").isEqualTo(300);
            p50[i] = Double.parseDouble(rows.group(4));
            assertThat(Double.parseDouble(rows.group(5))).isGreaterThanOrEqualTo(p50[i]);
        }
        // A result commits with the checkpoint after it: a 1 s interval makes the median wait.
        assertThat(p50[1]).isGreaterThan(p50[0] + 200);
        System.out.print(run.out());
    }
}
