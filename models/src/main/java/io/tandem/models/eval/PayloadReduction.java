package io.tandem.models.eval;

import io.tandem.models.codec.CodecId;
import io.tandem.models.repository.ModelManifest;
import java.util.Optional;

/**
 * The best reduction of bytes per frame, against the plain float32 features of the same split,
 * among the codecs and bottlenecks that lose at most a given number of accuracy points against the
 * full model (measured on the whole test set, from the manifest).
 */
public record PayloadReduction(
        String version,
        int partition,
        String codec,
        int bytes,
        int float32Bytes,
        double accuracy,
        double fullAccuracy) {

    public double factor() {
        return (double) float32Bytes / bytes;
    }

    public static Optional<PayloadReduction> best(ModelManifest manifest, double maxLossPoints) {
        PayloadReduction best = null;
        for (ModelManifest.Version v : manifest.versions()) {
            for (ModelManifest.Partition p : v.partitions()) {
                if (p.partition() == 0 || p.partition() == v.blocks()) {
                    continue; // only real splits: features, not the input or the logits
                }
                ModelManifest.Variant plain =
                        p.variant(ModelManifest.Variant.Kind.plain).orElseThrow();
                ModelManifest.CodecFigures reference = plain.codec("float32").orElseThrow();
                for (ModelManifest.Variant variant : p.variants()) {
                    for (ModelManifest.CodecFigures c : variant.codecs()) {
                        if (!c.accuracyKnown() || !reference.accuracyKnown()) {
                            continue;
                        }
                        int bytes = c.payloadBytes() + c.quantParamBytes();
                        boolean withinLoss =
                                100 * (reference.accuracy() - c.accuracy()) <= maxLossPoints;
                        String codec =
                                CodecId.forVariant(
                                        variant.kind() == ModelManifest.Variant.Kind.bottleneck,
                                        c.codec());
                        PayloadReduction candidate =
                                new PayloadReduction(
                                        v.id(),
                                        p.partition(),
                                        codec,
                                        bytes,
                                        reference.payloadBytes(),
                                        c.accuracy(),
                                        reference.accuracy());
                        if (withinLoss && (best == null || candidate.factor() > best.factor())) {
                            best = candidate;
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public String toString() {
        return String.format(
                "%.1fx (%s p%d %s: %d B instead of %d B, accuracy %.2f%% vs %.2f%%)",
                factor(),
                version,
                partition,
                codec,
                bytes,
                float32Bytes,
                100 * accuracy,
                100 * fullAccuracy);
    }
}
