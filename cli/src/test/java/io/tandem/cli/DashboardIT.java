package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.testkit.Checkout;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a user runs it ({@code ./tandem demo}), its dashboard loaded by Debian's headless
 * Chromium while it runs: the charts must have drawn data, the device table must list the fleet,
 * and the screenshot must show colour, not a blank page.
 */
class DashboardIT {

    private static final Path REPO = Checkout.ROOT;
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final int DEVICES = 4;

    @Test
    void theDashboardRendersLiveChartsOfADemoRun(@TempDir Path dir) throws Exception {
        assertThat(Path.of(CHROMIUM))
                .as("Debian's chromium (deploy/local/install-prerequisites.sh installs it)")
                .exists();
        Path log = dir.resolve("demo.log");
        ProcessBuilder pb =
                new ProcessBuilder(
                                REPO.resolve("tandem").toString(),
                                "demo",
                                "--port",
                                "0",
                                "--dashboard-port",
                                "0",
                                "--devices",
                                Integer.toString(DEVICES),
                                "--duration",
                                "120",
                                "--out",
                                dir.resolve("summary.json").toString())
                        .directory(REPO.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        pb.environment().put("TANDEM_NO_BUILD", "1"); // the build under test already made the jar
        Process demo = pb.start();
        try {
            String url =
                    awaitLine(
                            log,
                            Pattern.compile("dashboard: (http://\\S+)"),
                            Duration.ofSeconds(120));
            awaitData(url);

            assertFirstServerSentEvent(url);
            // ?static: one snapshot, no open event stream, so headless Chromium's virtual time can
            // settle.
            String page = url + "?static";
            String dom = chromium(dir, "--dump-dom", page);
            assertThat(points(dom, "latency")).as("latency chart points").isPositive();
            assertThat(points(dom, "uplink")).as("uplink chart points").isPositive();
            assertThat(points(dom, "edge")).as("edge utilization chart points").isPositive();
            assertThat(Pattern.compile("data-device=\"dev-\\d+\"").matcher(dom).results().count())
                    .isEqualTo(DEVICES);
            assertThat(dom).contains("w", " / p");

            Path shot = dir.resolve("dashboard.png");
            chromium(dir, "--screenshot=" + shot, page);
            BufferedImage image = ImageIO.read(shot.toFile());
            assertThat(chartPixels(image))
                    .as("pixels in the charts' line colours")
                    .isGreaterThan(3_000);
            Files.copy(
                    shot,
                    REPO.resolve("cli/target/dashboard.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            demo.destroy(); // SIGTERM, as Ctrl-C
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stops on SIGTERM").isTrue();
        } finally {
            demo.destroyForcibly();
        }
    }

    /** Waits until the dashboard has seen every device and some seconds of answers. */
    private static void awaitData(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode snapshot = null;
        while (Instant.now().isBefore(deadline)) {
            String body =
                    http.send(
                                    HttpRequest.newBuilder(URI.create(url + "snapshot")).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            snapshot = new ObjectMapper().readTree(body);
            if (snapshot.get("devices").size() == DEVICES
                    && snapshot.get("totals").get("requests").asLong() > 50
                    && snapshot.get("time").size() >= 8) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the dashboard saw no data within 60 s: " + snapshot);
    }

    /** The live feed: the first event on /events is a snapshot with the whole fleet in it. */
    private static void assertFirstServerSentEvent(String url) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> events =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url + "events"))
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofLines());
        assertThat(events.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        try (var lines = events.body()) {
            String first = lines.filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
            assertThat(new ObjectMapper().readTree(first.substring(6)).get("devices"))
                    .hasSize(DEVICES);
        }
    }

    private static String chromium(Path dir, String what, String url) throws Exception {
        Process p =
                new ProcessBuilder(
                                List.of(
                                        CHROMIUM,
                                        "--headless",
                                        "--no-sandbox",
                                        "--disable-gpu",
                                        "--hide-scrollbars",
                                        "--user-data-dir=" + dir.resolve("chromium-profile"),
                                        "--window-size=1400,1100",
                                        "--virtual-time-budget=5000",
                                        what,
                                        url))
                        .redirectError(dir.resolve("chromium.log").toFile())
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("chromium.log"))).isZero();
        return out;
    }

    private static long points(String dom, String canvasId) {
        Matcher m =
                Pattern.compile("<canvas id=\"" + canvasId + "\"[^>]*data-points=\"(\\d+)\"")
                        .matcher(dom);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The dashboard's series colours (index.html): blue, red, green, purple. */
    private static final int[][] SERIES = {
        {0x24, 0x71, 0xa3}, {0xc0, 0x39, 0x2b}, {0x27, 0xae, 0x60}, {0x8e, 0x44, 0xad}
    };

    /**
     * Pixels close to one of the series colours: drawn chart lines, not a blank or an error page.
     */
    private static long chartPixels(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                for (int[] c : SERIES) {
                    if (Math.abs(r - c[0]) + Math.abs(g - c[1]) + Math.abs(b - c[2]) < 40) {
                        n++;
                        break;
                    }
                }
            }
        }
        return n;
    }

    private static String awaitLine(Path log, Pattern pattern, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = pattern.matcher(Files.readString(log));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "no line matching " + pattern + "; output:\n" + Files.readString(log));
    }
}
