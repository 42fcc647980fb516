package io.tandem.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.DeadLetterReason;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void aValueAsLargeAsTheBrokerTakesStillMakesADeadLetterThatFitsARequest() throws Exception {
        byte[] value = new byte[1_048_400];
        new Random(7).nextBytes(value);
        DeadLetter letter =
                DeadLetters.of(
                        "t.features",
                        0,
                        9,
                        null,
                        value,
                        DeadLetterReason.UNDECODABLE,
                        "junk",
                        "decode",
                        Clock.systemUTC());

        assertThat(AvroWireFormat.of(DeadLetter.class).encode(letter).length)
                .as("under the producer's 1 MiB request size")
                .isLessThan(300 << 10);
        assertThat(letter.getOriginalValue())
                .isEqualTo(ByteBuffer.wrap(Arrays.copyOf(value, DeadLetters.KEPT_VALUE_BYTES)));
        assertThat(letter.getOriginalValueLength()).isEqualTo(value.length);
        assertThat(letter.getOriginalValueSha256())
                .isEqualTo(ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(value)));
    }

    @Test
    void aSmallValueIsKeptWhole() {
        byte[] value = {1, 2, 3};
        DeadLetter letter =
                DeadLetters.of(
                        "t.features",
                        0,
                        9,
                        new byte[] {7},
                        value,
                        DeadLetterReason.UNDECODABLE,
                        "junk",
                        "decode",
                        Clock.systemUTC());
        assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(value));
        assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(new byte[] {7}));
        assertThat(letter.getOriginalValueLength()).isEqualTo(3);
    }
}
