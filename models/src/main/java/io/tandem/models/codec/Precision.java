package io.tandem.models.codec;

/** Element type of an encoded feature tensor. */
public enum Precision {
    FLOAT32(32),
    FLOAT16(16),
    INT8(8),
    INT4(4);

    private final int bits;

    Precision(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** Bytes holding {@code elements} values; INT4 packs two per byte. */
    public int payloadBytes(long elements) {
        return Math.toIntExact((elements * bits + 7) / 8);
    }
}
