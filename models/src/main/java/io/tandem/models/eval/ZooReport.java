package io.tandem.models.eval;

import io.tandem.models.repository.ModelManifest;
import io.tandem.planner.fleet.DeviceClass;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Markdown tables of a manifest's figures, as the README shows them. */
public final class ZooReport {

    private ZooReport() {}

    public static String markdown(ModelManifest m) {
        StringBuilder out = new StringBuilder();
        out.append(
                m.evaluation().testImages() > 0
                        ? String.format(
                                Locale.ROOT,
                                "Top-1 accuracy on the %d-image test set (full model,"
                                        + " float32):%n%n",
                                m.evaluation().testImages())
                        : String.format(
                                "Top-1 accuracy (unknown: imported without labelled images):%n%n"));
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
                            "%nBytes per frame and accuracy, version %s%s:%n%n",
                            v.id(),
                            hasBottleneck(v)
                                    ? " (plain split / with the trained bottleneck)"
                                    : ""));
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
        for (ModelManifest.Version v : m.versions()) {
            out.append(compute(v));
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

    /**
     * Head and tail work per partition: FLOPs, the head's time on a Raspberry Pi 4 class device
     * (FLOPs at its calibrated speed, as the planner reckons it), and the latencies measured on the
     * importing host where the manifest has them.
     */
    private static String compute(ModelManifest.Version v) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nCompute per frame, version %s (head on the device, tail on the"
                                + " edge):%n%n",
                        v.id()));
        out.append(
                "| partition | cut | head MFLOPs | tail MFLOPs | head on rpi4 | head here | tail"
                        + " here |\n"
                        + "|---|---|---:|---:|---:|---:|---:|\n");
        double rpi4 = DeviceClass.RPI4.flopsPerSecond();
        for (ModelManifest.Partition p : v.partitions()) {
            ModelManifest.Variant plain = p.variant(ModelManifest.Variant.Kind.plain).orElseThrow();
            long head = plain.head() == null ? 0 : plain.head().flops();
            long tail = plain.tail() == null ? 0 : plain.tail().flops();
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %s | %.2f | %.2f | %.2f ms | %s | %s |%n",
                            p.partition(),
                            p.cut() == null ? "-" : "`" + p.cut() + "`",
                            head / 1e6,
                            tail / 1e6,
                            1000.0 * head / rpi4,
                            latency(plain.head()),
                            latency(plain.tail())));
        }
        return out.toString();
    }

    private static String latency(ModelManifest.Slice slice) {
        if (slice == null) {
            return "0";
        }
        return slice.hostLatencyMs() == null
                ? "-"
                : String.format(Locale.ROOT, "%.2f ms", slice.hostLatencyMs());
    }

    private static boolean hasBottleneck(ModelManifest.Version v) {
        return v.partitions().stream()
                .flatMap(p -> p.variants().stream())
                .anyMatch(x -> x.kind() == ModelManifest.Variant.Kind.bottleneck);
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
