package io.tandem.jobs.tail;

import io.tandem.models.Tensor;
import io.tandem.models.codec.CodecId;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.repository.ManifestWatch;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.SliceKey;
import io.tandem.models.wire.FeatureFrames;
import io.tandem.schema.DeadLetterReason;
import io.tandem.schema.FeatureFrame;
import java.util.List;

/**
 * Decides whether the edge can run a frame, against the model manifest: the model, version,
 * partition and codec must exist, the payload must fit the size bound and decode to exactly the
 * tensor the tail slice takes, with finite values. Pure: no Flink, no sessions.
 */
public final class FrameCheck {

    /** The verdict on one frame: its decoded features, or why it was refused. */
    public sealed interface Verdict permits Accepted, Rejected {}

    public record Accepted(SliceKey slice, Tensor features) implements Verdict {}

    public record Rejected(DeadLetterReason reason, String message) implements Verdict {}

    private final ManifestWatch watch;
    private final int maxPayloadBytes;

    /** Checks against a fixed manifest. */
    public FrameCheck(ModelManifest manifest, int maxPayloadBytes) {
        this(ManifestWatch.fixed(manifest), maxPayloadBytes);
    }

    /** Checks against the repository's manifest, read again for a version it does not list yet. */
    public FrameCheck(ManifestWatch watch, int maxPayloadBytes) {
        this.watch = watch;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public Verdict check(FeatureFrame frame) {
        watch.hasVersion(frame.getVersion()); // a version published since: read it in
        ModelManifest manifest = watch.current();
        if (!manifest.model().equals(frame.getModelId())) {
            return new Rejected(
                    DeadLetterReason.UNKNOWN_MODEL,
                    "model '"
                            + frame.getModelId()
                            + "' is not served here (serving '"
                            + manifest.model()
                            + "')");
        }
        ModelManifest.Version version =
                manifest.versions().stream()
                        .filter(v -> v.id().equals(frame.getVersion()))
                        .findFirst()
                        .orElse(null);
        if (version == null) {
            return new Rejected(
                    DeadLetterReason.UNKNOWN_VERSION,
                    "model " + manifest.model() + " has no version '" + frame.getVersion() + "'");
        }
        ModelManifest.Partition partition =
                version.partitions().stream()
                        .filter(p -> p.partition() == frame.getPartition())
                        .findFirst()
                        .orElse(null);
        if (partition == null) {
            return new Rejected(
                    DeadLetterReason.UNKNOWN_PARTITION,
                    "version "
                            + version.id()
                            + " has no partition "
                            + frame.getPartition()
                            + " (0.."
                            + version.blocks()
                            + ")");
        }
        CodecId codec;
        try {
            codec = CodecId.parse(frame.getCodec());
        } catch (IllegalArgumentException e) {
            return new Rejected(DeadLetterReason.UNKNOWN_CODEC, e.getMessage());
        }
        ModelManifest.Variant variant =
                partition
                        .variant(
                                codec.bottleneck()
                                        ? ModelManifest.Variant.Kind.bottleneck
                                        : ModelManifest.Variant.Kind.plain)
                        .orElse(null);
        if (variant == null || variant.codec(codec.quantizer()).isEmpty()) {
            return new Rejected(
                    DeadLetterReason.UNKNOWN_CODEC,
                    "codec '"
                            + frame.getCodec()
                            + "' is not offered at "
                            + version.id()
                            + "/p"
                            + partition.partition());
        }
        if (!codec.precision().name().equals(frame.getDtype().name())) {
            return new Rejected(
                    DeadLetterReason.UNKNOWN_CODEC,
                    "codec '" + frame.getCodec() + "' does not write " + frame.getDtype());
        }
        if (frame.getPayload().remaining() > maxPayloadBytes) {
            return new Rejected(
                    DeadLetterReason.OVERSIZE_PAYLOAD,
                    "payload of "
                            + frame.getPayload().remaining()
                            + " bytes is over the bound of "
                            + maxPayloadBytes);
        }
        List<Integer> expected = variant.codeShape();
        if (!expected.equals(frame.getShape())) {
            return new Rejected(
                    DeadLetterReason.WRONG_SHAPE,
                    "shape " + frame.getShape() + " differs from the slice's " + expected);
        }
        Tensor features;
        try {
            features = FeatureCodec.of(frame.getCodec()).decode(FeatureFrames.toEncoded(frame));
        } catch (RuntimeException e) {
            return new Rejected(
                    DeadLetterReason.UNDECODABLE, "payload does not decode: " + e.getMessage());
        }
        if (!allFinite(features.values())) {
            return new Rejected(
                    DeadLetterReason.NON_FINITE_VALUES,
                    "decoded features hold NaN or infinite values");
        }
        return new Accepted(
                new SliceKey(version.id(), partition.partition(), codec.bottleneck()), features);
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
