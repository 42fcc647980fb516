package io.tandem.models.codec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A codec id as carried by plans and frames: {@code [bn-]<precision>[-pc][+zstd]}, for example
 * {@code int8}, {@code int8-pc+zstd}, {@code bn-int4}. {@code bn-} selects the split's trained
 * bottleneck variant; {@code -pc} quantizes per channel instead of per tensor; {@code +zstd}
 * compresses the payload losslessly.
 */
public record CodecId(boolean bottleneck, Precision precision, boolean perChannel, boolean zstd) {

    private static final Pattern FORMAT =
            Pattern.compile("(bn-)?(float32|float16|int8|int4)(-pc)?(\\+zstd)?");

    public CodecId {
        if (perChannel && (precision == Precision.FLOAT32 || precision == Precision.FLOAT16)) {
            throw new IllegalArgumentException("per-channel applies to integer precisions only");
        }
    }

    public static CodecId parse(String id) {
        Matcher m = FORMAT.matcher(id == null ? "" : id);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "unknown codec '"
                            + id
                            + "'; expected [bn-](float32|float16|int8|int4)[-pc][+zstd]");
        }
        return new CodecId(
                m.group(1) != null,
                Precision.valueOf(m.group(2).toUpperCase()),
                m.group(3) != null,
                m.group(4) != null);
    }

    /** The id of a manifest codec ({@code int8}, ...) on a split's plain or bottleneck variant. */
    public static String forVariant(boolean bottleneck, String manifestCodec) {
        return parse(manifestCodec).withBottleneck(bottleneck).toString();
    }

    /** Whether the codec id selects the split's trained bottleneck variant. */
    public static boolean isBottleneck(String id) {
        return parse(id).bottleneck();
    }

    public CodecId withBottleneck(boolean bottleneck) {
        return new CodecId(bottleneck, precision, perChannel, zstd);
    }

    public CodecId withZstd(boolean zstd) {
        return new CodecId(bottleneck, precision, perChannel, zstd);
    }

    /** The quantization part alone, as the manifest lists codecs: e.g. {@code int8-pc}. */
    public String quantizer() {
        return precision.name().toLowerCase() + (perChannel ? "-pc" : "");
    }

    @Override
    public String toString() {
        return (bottleneck ? "bn-" : "") + quantizer() + (zstd ? "+zstd" : "");
    }
}
