package io.tandem.models.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfTest {

    @Test
    void everyHalfValueRoundTripsThroughFloat() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            short h = (short) bits;
            float f = Half.toFloat(h);
            if (Float.isNaN(f)) {
                assertThat(Float.isNaN(Half.toFloat(Half.fromFloat(f)))).isTrue();
            } else {
                assertThat(Half.fromFloat(f)).as("0x%04x", bits).isEqualTo(h);
            }
        }
    }

    @Test
    void knownValues() {
        assertThat(Half.toFloat(Half.fromFloat(1.0f))).isEqualTo(1.0f);
        assertThat(Half.toFloat(Half.fromFloat(65504f))).isEqualTo(65504f);
        assertThat(Half.toFloat(Half.fromFloat(1e6f))).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Half.toFloat(Half.fromFloat(-0.0f))).isEqualTo(-0.0f);
        assertThat(Half.toFloat(Half.fromFloat(0x1p-24f)))
                .isEqualTo(0x1p-24f); // smallest subnormal
        assertThat(Half.toFloat(Half.fromFloat(0x1p-26f))).isEqualTo(0.0f);
    }

    @Test
    void tiesRoundToEven() {
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: even mantissa (1) wins.
        assertThat(Half.toFloat(Half.fromFloat(1f + 0x1p-11f))).isEqualTo(1f);
        // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: even mantissa (1 + 2^-9) wins.
        assertThat(Half.toFloat(Half.fromFloat(1f + 3 * 0x1p-11f))).isEqualTo(1f + 0x1p-9f);
        // Just above halfway rounds up.
        assertThat(Half.toFloat(Half.fromFloat(1f + 0x1p-11f + 0x1p-20f))).isEqualTo(1f + 0x1p-10f);
    }

    @Test
    void relativeErrorOfNormalValuesIsAtMostHalfAnUlp() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 100_000; i++) {
            float f =
                    (float) ((random.nextDouble() * 2 - 1) * Math.pow(2, random.nextInt(28) - 14));
            float back = Half.toFloat(Half.fromFloat(f));
            assertThat(Math.abs(back - f)).isLessThanOrEqualTo(Math.abs(f) * 0x1p-11f + 0x1p-25f);
        }
    }
}
