package io.tandem.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.schema.Plan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page reads what the snapshot holds: every {@code name.key} its script reads off the
 * snapshot's parts is a field of the JSON the server sends, so renaming a record component fails
 * here, not in a browser.
 */
class DashboardPageTest {

    /**
     * The page's names for the parts of a snapshot (index.html's render), and where each sits in
     * the JSON.
     */
    private static final Map<String, String> SCOPES =
            Map.of(
                    "snapshot",
                    "",
                    "series",
                    "/series",
                    "latency",
                    "/series/latencyMs/latency",
                    "device",
                    "/devices/0",
                    "change",
                    "/planChanges/0",
                    "totals",
                    "/totals");

    private static final Pattern READ =
            Pattern.compile("\\b(" + String.join("|", SCOPES.keySet()) + ")\\.([A-Za-z_$][\\w$]*)");
    private static final Pattern COMPUTED =
            Pattern.compile("\\b(" + String.join("|", SCOPES.keySet()) + ")\\[");

    @Test
    void everyKeyThePageReadsIsInTheSnapshotsJson() throws IOException {
        JsonNode json = json(plannedDevice());
        String script = script();

        List<String> missing = new ArrayList<>();
        Set<String> scopesRead = new TreeSet<>();
        Matcher m = READ.matcher(script);
        while (m.find()) {
            scopesRead.add(m.group(1));
            JsonNode scope = json.at(SCOPES.get(m.group(1)));
            assertThat(scope.isMissingNode()).as("fixture has a " + m.group(1)).isFalse();
            if (!scope.has(m.group(2))) {
                missing.add(m.group(0));
            }
        }
        assertThat(missing).as("keys the page reads that the snapshot lacks").isEmpty();
        // Guards the guard: each part is read by these names, and by no key the pattern cannot see.
        assertThat(scopesRead).containsExactlyInAnyOrderElementsOf(SCOPES.keySet());
        assertThat(COMPUTED.matcher(script).find()).as("computed key on a snapshot part").isFalse();
    }

    @Test
    void aDeviceWithoutAPlanStillCarriesEveryKeyAsNull() throws IOException {
        DashboardState state = new DashboardState();
        state.onTelemetry(DashboardEvents.telemetry("cam-2", 1));
        JsonNode device = json(state).at("/devices/0");

        assertThat(device.has("split")).isTrue();
        assertThat(device.get("split").isNull()).isTrue();
        assertThat(device.get("epoch").isNull()).isTrue();
    }

    /** As the server sends it. */
    private static JsonNode json(DashboardState state) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.readTree(mapper.writeValueAsString(state.snapshot()));
    }

    private static String script() throws IOException {
        try (InputStream in =
                DashboardPageTest.class.getResourceAsStream("/dashboard/index.html")) {
            String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return page.substring(page.indexOf("<script>"), page.indexOf("</script>"));
        }
    }

    /** One latency-sensitive device with answers, a plan and the plan change that announced it. */
    private static DashboardState plannedDevice() {
        DashboardState state = new DashboardState();
        state.onTelemetry(DashboardEvents.telemetry("cam-1", 1));
        state.onMonitor(DashboardEvents.latency("cam-1", 1, 12, 1_000_000));
        Plan plan = DashboardEvents.plan("cam-1", 1);
        state.onMonitor(DashboardEvents.planChange(plan, 1_000_000));
        return state;
    }
}
