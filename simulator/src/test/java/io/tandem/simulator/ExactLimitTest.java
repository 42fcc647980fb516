package io.tandem.simulator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ZooSplitOptions;
import io.tandem.planner.online.SplitOptionCatalog;
import io.tandem.planner.solve.ExactSolver;
import io.tandem.testkit.Checkout;
import io.tandem.traces.TraceReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A simulation refuses, before any window, what its planners could not run. */
class ExactLimitTest {

    private static final Path ROOT = Checkout.ROOT;

    private static Simulation simulation(int devices, List<String> planners) {
        SimulationConfig config = SimulationConfig.defaults(devices, 10, 1, planners);
        var traces = TraceReader.readFolder(Checkout.TRACES).traces();
        SplitOptionCatalog catalog =
                ZooSplitOptions.catalog(
                        ModelManifest.read(Checkout.zooManifest()), config.codecs());
        return new Simulation(config, catalog, Fleet.generate(config, traces, catalog));
    }

    @Test
    void exactOverTooManyCombinationsIsRefusedWithTheCountAndTheLimit() {
        assertThatThrownBy(() -> simulation(20, List.of("tandem", "exact")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the exact planner would search")
                .hasMessageContaining("at most " + ExactSolver.MAX_COMBINATIONS);
    }

    @Test
    void aSmallExactRunAndALargeRunWithoutExactAreAccepted() {
        assertThatCode(() -> simulation(1, List.of("exact"))).doesNotThrowAnyException();
        assertThatCode(() -> simulation(20, List.of("tandem"))).doesNotThrowAnyException();
    }

    @Test
    void anUnknownPlannerIsRefusedBeforeAnyWindow() {
        assertThatThrownBy(() -> simulation(2, List.of("psychic")))
                .hasMessageContaining("unknown planner 'psychic'");
    }
}
