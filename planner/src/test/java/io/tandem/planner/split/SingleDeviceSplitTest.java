package io.tandem.planner.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.planner.profile.ScissionProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SingleDeviceSplitTest {

    private static final Path PROFILES =
            Path.of(System.getProperty("tandem.repo.root", "..")).resolve("data/profiles/scission");
    private static final List<String> EDGES = List.of("vm2Core", "2500", "6700k-gpu", "6700k-cpu");

    static List<ScissionProfile> profiles() throws IOException {
        try (Stream<Path> files = Files.list(PROFILES)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .sorted()
                    .map(ScissionProfile::read)
                    .toList();
        }
    }

    /** Scission's formula, written independently: the reference the solver must match. */
    private static double reference(
            ScissionProfile p, int k, String device, String edge, LinkSpec link, long inputBytes) {
        int n = p.blockCount();
        double dev =
                IntStream.range(0, k)
                        .mapToDouble(i -> p.blocks().get(i).seconds().get(device))
                        .sum();
        if (k == n) {
            return dev;
        }
        double bytes = k == 0 ? inputBytes : p.blocks().get(k - 1).outputBytes();
        double edgeSeconds =
                IntStream.range(k, n).mapToDouble(i -> p.blocks().get(i).seconds().get(edge)).sum();
        return dev + link.rttMs() / 1000 + bytes / (link.bandwidthMbps() * 125_000) + edgeSeconds;
    }

    @Test
    void findsTheTrueOptimumForEveryProfileEdgeAndManyLinks() throws IOException {
        Random random = new Random(11);
        int cases = 0;
        for (ScissionProfile profile : profiles()) {
            for (String edge : EDGES) {
                for (int trial = 0; trial < 200; trial++) {
                    LinkSpec link =
                            new LinkSpec(
                                    Math.pow(10, -1 + 4 * random.nextDouble()),
                                    200 * random.nextDouble());
                    long input = profile.inputBytesDefault();
                    SingleDeviceSplit.Choice choice =
                            SingleDeviceSplit.best(profile, "raspi4", edge, link, input);
                    double optimum =
                            IntStream.rangeClosed(0, profile.blockCount())
                                    .mapToDouble(
                                            k -> reference(profile, k, "raspi4", edge, link, input))
                                    .min()
                                    .orElseThrow();
                    assertThat(choice.latencySeconds())
                            .isCloseTo(optimum, org.assertj.core.data.Offset.offset(1e-12));
                    assertThat(
                                    reference(
                                            profile,
                                            choice.deviceBlocks(),
                                            "raspi4",
                                            edge,
                                            link,
                                            input))
                            .isCloseTo(optimum, org.assertj.core.data.Offset.offset(1e-12));
                    cases++;
                }
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(4 * 4 * 200);
    }

    @Test
    void aVerySlowLinkKeepsEverythingOnTheDeviceAndAFastOneOffloadsToAFastEdge()
            throws IOException {
        for (ScissionProfile profile : profiles()) {
            SingleDeviceSplit.Choice slow =
                    SingleDeviceSplit.best(
                            profile,
                            "raspi4",
                            "6700k-gpu",
                            new LinkSpec(0.001, 50),
                            profile.inputBytesDefault());
            assertThat(slow.deviceBlocks()).as(profile.model()).isEqualTo(profile.blockCount());
            SingleDeviceSplit.Choice fast =
                    SingleDeviceSplit.best(
                            profile,
                            "raspi4",
                            "6700k-gpu",
                            new LinkSpec(1e6, 0),
                            profile.inputBytesDefault());
            assertThat(fast.deviceBlocks()).as(profile.model()).isLessThan(profile.blockCount());
        }
    }

    @Test
    void somewhereBetweenSlowAndFastLinksAMidSplitWins() throws IOException {
        // The trade-off is real: for some model and some bandwidth neither extreme is best.
        int mid = 0;
        for (ScissionProfile profile : profiles()) {
            for (double mbps = 0.1; mbps < 2000; mbps *= 1.25) {
                int k =
                        SingleDeviceSplit.best(
                                        profile,
                                        "raspi4",
                                        "2500",
                                        new LinkSpec(mbps, 10),
                                        profile.inputBytesDefault())
                                .deviceBlocks();
                if (k > 0 && k < profile.blockCount()) {
                    mid++;
                }
            }
        }
        assertThat(mid).isPositive();
    }

    @Test
    void anUnknownPlatformIsAClearError() throws IOException {
        ScissionProfile profile = profiles().get(0);
        assertThatThrownBy(
                        () ->
                                SingleDeviceSplit.best(
                                        profile, "toaster", "2500", new LinkSpec(1, 1), 1000))
                .hasMessageContaining("no timings for platform 'toaster'");
    }

    @Test
    void nonsenseLinksAreRefused() {
        assertThatThrownBy(() -> new LinkSpec(0, 10)).hasMessageContaining("bandwidth");
        assertThatThrownBy(() -> new LinkSpec(5, -1)).hasMessageContaining("RTT");
        assertThatThrownBy(() -> new LinkSpec(Double.NaN, 1)).hasMessageContaining("bandwidth");
    }
}
