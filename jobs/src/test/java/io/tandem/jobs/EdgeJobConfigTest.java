package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class EdgeJobConfigTest {

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverDefaults() {
        EdgeJobConfig defaults = EdgeJobConfig.parse(new String[0], Map.of());
        assertThat(defaults.resultsGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(defaults.planner().solver()).isEqualTo("tandem");

        EdgeJobConfig config =
                EdgeJobConfig.parse(
                        new String[] {"--solver", "neurosurgeon", "--max-batch=16"},
                        Map.of(
                                "TANDEM_SOLVER",
                                "edge-only",
                                "TANDEM_BOOTSTRAP",
                                "broker:9092",
                                "TANDEM_DELIVERY",
                                "at-least-once"));
        assertThat(config.planner().solver()).isEqualTo("neurosurgeon");
        assertThat(config.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(config.resultsGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(config.tail().maxBatch()).isEqualTo(16);
        assertThat(EdgeJobConfig.usage())
                .anySatisfy(
                        line -> assertThat(line).contains("--solver").contains("TANDEM_SOLVER"));
    }

    @Test
    void unknownFlagsAndBadValuesAreClearErrors() {
        assertThatThrownBy(() -> EdgeJobConfig.parse(new String[] {"--solvr", "x"}, Map.of()))
                .hasMessageContaining("unknown option '--solvr'");
        assertThatThrownBy(() -> EdgeJobConfig.parse(new String[] {"--solver", "magic"}, Map.of()))
                .hasMessage(
                        "--solver must be one of tandem, exact, device-only, edge-only,"
                                + " neurosurgeon, fixed-version, edgent, drl, not magic");
        assertThatThrownBy(
                        () ->
                                EdgeJobConfig.parse(
                                        new String[0], Map.of("TANDEM_MAX_BATCH", "many")))
                .hasMessageContaining("TANDEM_MAX_BATCH");
        assertThatThrownBy(
                        () -> EdgeJobConfig.parse(new String[] {"--delivery", "maybe"}, Map.of()))
                .hasMessage("--delivery is one of at-least-once, exactly-once, not 'maybe'");
    }
}
