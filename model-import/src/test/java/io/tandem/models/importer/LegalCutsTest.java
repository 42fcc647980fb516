package io.tandem.models.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Checkout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegalCutsTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    private static List<String> tensors(OnnxGraph graph) {
        return LegalCuts.of(graph).stream().map(Cut::tensor).toList();
    }

    @Test
    void aSkipConnectionMakesTheTensorsInsideItsSpanIllegal() {
        OnnxGraph graph = OnnxGraph.of(Graphs.residual().toByteArray(), "residual");

        assertThat(tensors(graph)).containsExactly("image", "a", "b", "s", "f", "logits");
    }

    @Test
    void aSubgraphReadingAnOuterTensorKeepsItOpen() {
        // If(positive) reads 'act' from inside its branches: cutting at 'total' or 'positive'
        // would leave 'act' on the device side, so only the cuts before the gate and after the If
        // are legal.
        OnnxGraph graph = OnnxGraph.read(FIXTURES.resolve("control-flow.onnx"));

        assertThat(tensors(graph))
                .containsExactly("image", "conv", "act", "chosen", "flat", "logits")
                .doesNotContain("total", "positive");
    }

    @Test
    void headAndTailTogetherHoldEveryNodeTheOutputNeeds() {
        OnnxGraph graph = OnnxGraph.of(Graphs.residual().toByteArray(), "residual");
        for (Cut cut : LegalCuts.of(graph)) {
            java.util.BitSet both = (java.util.BitSet) cut.head().clone();
            both.or(cut.tail());
            assertThat(both.cardinality()).as(cut.tensor()).isEqualTo(graph.nodes().size());
            assertThat(cut.head().intersects(cut.tail())).as(cut.tensor()).isFalse();
        }
    }

    @Test
    void branchyPublicArchitecturesHaveFewerLegalCutsThanActivations() {
        for (String name : List.of("mobilenetv2-035", "squeezenet11", "shufflenetv2-05")) {
            OnnxGraph graph = OnnxGraph.read(FIXTURES.resolve(name + ".onnx"));
            int legal = LegalCuts.of(graph).size();

            assertThat(legal).as(name).isGreaterThan(4).isLessThan(graph.activations().size());
        }
    }

    @Test
    void theZooFullModelHasALegalCutAtEveryPartitionTheZooTrainedWith() {
        Path zoo = Checkout.ZOO.resolve(Checkout.MODEL);
        var manifest = io.tandem.models.repository.ModelManifest.read(zoo.resolve("manifest.json"));
        for (var version : manifest.versions()) {
            OnnxGraph graph = OnnxGraph.read(zoo.resolve(version.full().file()));
            try (OrtSlices ort = new OrtSlices(1)) {
                var shapes = TensorShapes.probe(graph, new long[] {1, 28, 28}, ort);
                List<String> legalFigures =
                        LegalCuts.of(graph).stream()
                                .map(
                                        c ->
                                                FlopCount.of(graph, c.head(), shapes)
                                                        + " "
                                                        + java.util.Arrays.toString(
                                                                shapes.get(c.tensor())))
                                .toList();
                for (var p : version.partitions()) {
                    var plain =
                            p.variant(io.tandem.models.repository.ModelManifest.Variant.Kind.plain)
                                    .orElseThrow();
                    long headFlops = plain.head() == null ? 0 : plain.head().flops();
                    String expected =
                            headFlops
                                    + " "
                                    + java.util.Arrays.toString(
                                            p.featureShape().stream()
                                                    .mapToLong(Integer::longValue)
                                                    .toArray());
                    assertThat(legalFigures)
                            .as("version %s partition %d", version.id(), p.partition())
                            .contains(expected);
                }
            }
        }
    }
}
