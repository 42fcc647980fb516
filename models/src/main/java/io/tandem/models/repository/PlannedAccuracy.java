package io.tandem.models.repository;

import java.util.Objects;

/**
 * The accuracy the planner assumes for a split: the measured figure when the manifest has one. An
 * unmeasured split (a model imported without labelled images) is assumed no better than the model's
 * worst measured split, so it never wins a trade against latency on a guess; when nothing in the
 * model is measured, every split ties at 1.0 and the planner decides on latency alone.
 */
public final class PlannedAccuracy {

    private final double unknown;

    private PlannedAccuracy(double unknown) {
        this.unknown = unknown;
    }

    public static PlannedAccuracy of(ModelManifest manifest) {
        double worst =
                manifest.versions().stream()
                        .flatMap(v -> v.partitions().stream())
                        .flatMap(p -> p.variants().stream())
                        .flatMap(v -> v.codecs().stream())
                        .map(ModelManifest.CodecFigures::accuracy)
                        .filter(Objects::nonNull)
                        .mapToDouble(Double::doubleValue)
                        .min()
                        .orElse(1.0);
        return new PlannedAccuracy(worst);
    }

    public double of(ModelManifest.CodecFigures figures) {
        return figures.accuracyKnown() ? figures.accuracy() : unknown;
    }
}
