package io.tandem.models.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlannedAccuracyTest {

    private static ModelManifest.CodecFigures figures(String codec, Double accuracy) {
        return new ModelManifest.CodecFigures(codec, 100, 0, accuracy, accuracy);
    }

    private static ModelManifest manifest(ModelManifest.CodecFigures... codecs) {
        ModelManifest.Slice slice =
                new ModelManifest.Slice(
                        "v/full.onnx",
                        "0",
                        new ModelManifest.TensorSpec("x", List.of(-1, 1)),
                        new ModelManifest.TensorSpec("y", List.of(-1, 1)),
                        1,
                        1,
                        null);
        ModelManifest.Variant plain =
                new ModelManifest.Variant(
                        ModelManifest.Variant.Kind.plain,
                        null,
                        slice,
                        List.of(1, 1),
                        List.of(codecs));
        ModelManifest.Version version =
                new ModelManifest.Version(
                        "v",
                        1.0,
                        0,
                        slice,
                        List.of(
                                new ModelManifest.Partition(
                                        0, "x", List.of(1, 1), List.of(plain))));
        return new ModelManifest("m", "", List.of(), List.of(), null, List.of(version));
    }

    @Test
    void aMeasuredSplitKeepsItsFigure() {
        ModelManifest m = manifest(figures("float32", 0.9), figures("int4", 0.8));

        assertThat(PlannedAccuracy.of(m).of(figures("float32", 0.9))).isEqualTo(0.9);
    }

    @Test
    void anUnmeasuredSplitIsAssumedNoBetterThanTheWorstMeasuredOne() {
        ModelManifest m =
                manifest(figures("float32", 0.9), figures("int4", 0.8), figures("int8", null));

        assertThat(PlannedAccuracy.of(m).of(figures("int8", null))).isEqualTo(0.8);
    }

    @Test
    void whenNothingIsMeasuredEverySplitTies() {
        ModelManifest m = manifest(figures("float32", null), figures("float16", null));
        PlannedAccuracy accuracy = PlannedAccuracy.of(m);

        assertThat(accuracy.of(figures("float32", null)))
                .isEqualTo(accuracy.of(figures("float16", null)))
                .isEqualTo(1.0);
    }
}
