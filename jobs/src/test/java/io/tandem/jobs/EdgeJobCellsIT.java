package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.topics.TandemTopic;
import io.tandem.device.DeviceReport;
import io.tandem.kafka.local.LocalKafkaBroker;
import io.tandem.kafka.local.junit.LocalKafkaExtension;
import io.tandem.planner.online.NewestPlan;
import io.tandem.planner.online.PlannerSettings;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two edge cells in one job at parallelism 2: each cell's devices are planned on that cell's own
 * ingress, every frame of every cell is answered exactly once, and a device naming a cell the job
 * does not plan is dead-lettered, not planned.
 */
@ExtendWith(LocalKafkaExtension.class)
class EdgeJobCellsIT {

    @RegisterExtension static final MiniClusterExtension FLINK = EdgeCell.miniCluster();

    private static final double RUN_SECONDS = 15;

    /** The narrow cell: its two devices share 0.3 Mbit/s (each link alone carries 20). */
    private static final double NARROW_MBPS = 0.3;

    private final LocalKafkaBroker broker;

    EdgeJobCellsIT(LocalKafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void eachCellIsPlannedOnItsOwnBudgetAndEveryFrameIsAnsweredOnce() throws Exception {
        EdgeCell edge = EdgeCell.create(broker.bootstrapServers(), "cells-it");
        EdgeJobConfig config =
                edge.config()
                        .with(EdgeJobConfig.PARALLELISM, 2)
                        .with(
                                PlannerSettings.CELLS,
                                List.of("narrow:" + NARROW_MBPS + ":20", "wide:40:100"));
        JobClient job = EdgeCell.start(config, EdgeCell.noRestarts());
        Map<String, String> cellOf = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            cellOf.put("narrow-" + i, "narrow");
            cellOf.put("wide-" + i, "wide");
        }
        cellOf.put("stray-0", "east");
        ExecutorService fleet = Executors.newFixedThreadPool(cellOf.size());
        List<Future<DeviceReport>> running = new ArrayList<>();
        cellOf.forEach(
                (id, cell) ->
                        running.add(fleet.submit(edge.steadyDevice(id, RUN_SECONDS, 15, cell))));
        List<DeviceReport> reports = EdgeCell.reports(running);
        fleet.shutdown();
        job.cancel().get();

        EdgeCell.assertEveryFrameAnsweredOnce(reports);

        List<Plan> planned =
                edge.committed(TandemTopic.PLANS, Plan.class).stream()
                        .filter(p -> p.getSolver().equals("tandem"))
                        .toList();
        assertThat(planned)
                .extracting(Plan::getDeviceId)
                .contains("narrow-0", "narrow-1", "wide-0", "wide-1")
                .doesNotContain("stray-0");
        // After every re-solve of a cell (its plans share their start), the plans in force there
        // (each device's newest) fit the cell's ingress.
        Map<String, Double> mostPlanned = new HashMap<>();
        for (String cell : List.of("narrow", "wide")) {
            double budget = cell.equals("narrow") ? NARROW_MBPS * 1e6 : 40e6;
            TreeMap<Long, List<Plan>> solves = new TreeMap<>();
            planned.stream()
                    .filter(p -> cell.equals(cellOf.get(p.getDeviceId())))
                    .forEach(
                            p ->
                                    solves.computeIfAbsent(
                                                    p.getValidFromMicros(), k -> new ArrayList<>())
                                            .add(p));
            Map<String, Plan> inForce = new HashMap<>();
            List<Double> inForceAfterSolve = new ArrayList<>();
            for (List<Plan> solve : solves.values()) {
                solve.forEach(
                        p ->
                                inForce.merge(
                                        p.getDeviceId(),
                                        p,
                                        (held, next) ->
                                                NewestPlan.supersedes(next, held) ? next : held));
                inForceAfterSolve.add(
                        inForce.values().stream().mapToDouble(Plan::getUplinkBandwidthBps).sum());
            }
            assertThat(inForceAfterSolve)
                    .as(cell + " ingress in force after each re-solve")
                    .isNotEmpty()
                    .allSatisfy(sum -> assertThat(sum).isLessThanOrEqualTo(budget * 1.0001));
            double most = inForceAfterSolve.stream().mapToDouble(d -> d).max().orElseThrow();
            System.out.printf("cell %s: at most %.3f Mbit/s in force%n", cell, most / 1e6);
            mostPlanned.put(cell, most);
        }
        assertThat(mostPlanned.get("wide"))
                .as("the same devices on the wide cell's budget are given more than the narrow one")
                .isGreaterThan(NARROW_MBPS * 1e6);

        List<DeadLetter> dead = edge.committed(TandemTopic.DLQ, DeadLetter.class);
        assertThat(dead)
                .filteredOn(d -> d.getReason() == DeadLetterReason.INVALID_TELEMETRY)
                .as("the stray device's telemetry, with the cells this edge plans")
                .isNotEmpty()
                .allSatisfy(
                        d -> assertThat(d.getMessage()).contains("'east'").contains("'narrow'"));
    }
}
