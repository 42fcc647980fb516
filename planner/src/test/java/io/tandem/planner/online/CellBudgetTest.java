package io.tandem.planner.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.settings.SettingsReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellBudgetTest {

    @Test
    void cellsAreTheDefaultOneAndTheConfiguredOnesEachWithItsBudget() {
        PlannerSettings settings =
                PlannerSettings.defaults()
                        .with(PlannerSettings.CELLS, List.of("north:30:100", "south_2:5.5:20"));
        assertThat(settings.cellNames()).containsExactly(CellBudget.DEFAULT, "north", "south_2");

        PlannerSettings north = settings.forCell("north").orElseThrow();
        assertThat(north.ingressBps()).isEqualTo(30e6);
        assertThat(north.edgeFlops()).isEqualTo(100e9);
        assertThat(north.solver()).isEqualTo(settings.solver());
        PlannerSettings fallback = settings.forCell(CellBudget.DEFAULT).orElseThrow();
        assertThat(fallback.ingressBps()).isEqualTo(settings.ingressBps());
        assertThat(settings.forCell("east")).isEmpty();
    }

    @Test
    void badEntriesAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> CellBudget.parse("north:30"))
                .hasMessageContaining("NAME:INGRESS_MBPS:EDGE_GFLOPS")
                .hasMessageContaining("north:30");
        assertThatThrownBy(() -> CellBudget.parse("north:fast:100"))
                .hasMessageContaining("numbers");
        assertThatThrownBy(() -> CellBudget.parse("north:0:100")).hasMessageContaining("above 0");
        assertThatThrownBy(() -> CellBudget.parse("no rth:1:1")).hasMessageContaining("name");
        assertThatThrownBy(() -> CellBudget.parseAll(List.of("a:1:1", "a:2:2")))
                .hasMessageContaining("named twice");
    }

    @Test
    void theSettingRefusesBadEntriesWhereItIsRead() {
        SettingsReader reader = new SettingsReader(PlannerSettings.ALL);
        assertThat(
                        reader.read(new String[] {"--cells", "north:30:100,south:5:20"}, Map.of())
                                .get(PlannerSettings.CELLS))
                .containsExactly("north:30:100", "south:5:20");
        assertThatThrownBy(() -> reader.read(new String[] {"--cells", "north"}, Map.of()))
                .hasMessageContaining("--cells");
    }
}
