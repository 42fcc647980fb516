package io.tandem.models.eval;

import io.tandem.models.repository.ModelManifest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Markdown tables of a manifest's figures, as the README shows them. */
public final class ZooReport {

    private ZooReport() {}

    public static String markdown(ModelManifest m) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "Top-1 accuracy on the %d-image test set (full model, float32):%n%n",
                        m.evaluation().testImages()));
        out.append("| version | width | parameters | accuracy |\n|---|---:|---:|---:|\n");
        for (ModelManifest.Version v : m.versions()) {
            Double acc =
                    v.partition(0)
                            .variant(ModelManifest.Variant.Kind.plain)
                            .orElseThrow()
                            .codec("float32")
                            .orElseThrow()
                            .accuracy();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | x%.2f | %,d | %s |%n",
                            v.id(),
                            v.width(),
                            v.full().paramBytes() / 4,
                            percent(acc)));
        }
        for (ModelManifest.Version v : m.versions()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%nBytes per frame and accuracy, version %s (plain split / with the"
                                    + " trained bottleneck):%n%n",
                            v.id()));
            List<String> codecs = m.codecs();
            out.append("| partition | features |");
            codecs.forEach(c -> out.append(' ').append(c).append(" |"));
            out.append("\n|---|---|");
            codecs.forEach(c -> out.append("---:|"));
            out.append('\n');
            for (ModelManifest.Partition p : v.partitions()) {
                for (ModelManifest.Variant variant : p.variants()) {
                    boolean bn = variant.kind() == ModelManifest.Variant.Kind.bottleneck;
                    out.append(
                            String.format(
                                    Locale.ROOT,
                                    "| %d%s | %s |",
                                    p.partition(),
                                    bn ? " bn" : "",
                                    shape(variant.codeShape())));
                    for (String codec : codecs) {
                        Optional<ModelManifest.CodecFigures> f = variant.codec(codec);
                        out.append(
                                f.map(
                                                c ->
                                                        String.format(
                                                                Locale.ROOT,
                                                                " %,d B, %s |",
                                                                c.payloadBytes()
                                                                        + c.quantParamBytes(),
                                                                percent(c.accuracy())))
                                        .orElse(" - |"));
                    }
                    out.append('\n');
                }
            }
        }
        PayloadReduction.best(m, 1.0)
                .ifPresent(
                        r ->
                                out.append(
                                        String.format(
                                                Locale.ROOT,
                                                "%nBest payload reduction against float32 features"
                                                    + " of the same split, at most 1 point below"
                                                    + " it: %s%n",
                                                r)));
        return out.toString();
    }

    private static String percent(Double accuracy) {
        return accuracy == null ? "unknown" : String.format(Locale.ROOT, "%.2f%%", 100 * accuracy);
    }

    private static String shape(List<Integer> shape) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i < shape.size(); i++) {
            s.append(i > 1 ? "x" : "").append(shape.get(i));
        }
        return s.toString();
    }
}
