package io.tandem.connectors.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 over parts separated by a zero byte, so no two part lists give the same input. */
final class Hmac {

    static final String ALGORITHM = "HmacSHA256";

    private Hmac() {}

    static byte[] of(byte[] key, String... parts) {
        Mac mac = mac(key);
        for (String part : parts) {
            mac.update(part.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
        }
        return mac.doFinal();
    }

    static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM offers no " + ALGORITHM, e);
        }
    }
}
