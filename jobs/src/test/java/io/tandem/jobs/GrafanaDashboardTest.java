package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.jobs.planning.PlannerMetrics;
import io.tandem.jobs.tail.TailMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/tandem-edge.json queries only metrics the job registers, under the names Flink's
 * Prometheus reporter gives them, so the dashboard cannot silently show nothing.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "tandem-edge.json");
    private static final Pattern METRIC =
            Pattern.compile("flink_taskmanager_job_task_operator_(model_version_)?([A-Za-z]+)");

    @Test
    void everyPanelQueriesARegisteredMetric() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> queried = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                assertThat(m.find()).as(panel.path("title").asText()).isTrue();
                String name = m.group(2);
                if (m.group(1) != null) {
                    assertThat(TailMetrics.NAMES)
                            .as("a tail metric per model version")
                            .contains(name);
                } else {
                    assertThat(PlannerMetrics.NAMES).as("a planner metric").contains(name);
                }
                queried.add(name);
            }
        }
        assertThat(queried).contains("inferenceRequestSuccess", "admittedShare", "solveMicros");
    }
}
