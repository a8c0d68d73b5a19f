package sluice.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SHA-256 and HMAC-SHA256 on per-thread instances, so the hot path allocates no JCA objects. */
final class Hashing {
    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(Hashing::newMac);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashing::newSha256);

    /** Hex SHA-256 of the empty string: the payload hash of a request without a body. */
    static final String EMPTY_SHA256_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private Hashing() {
    }

    static byte[] hmacSha256(byte[] key, String data) {
        Mac mac = MAC.get();
        try {
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 rejected a key", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] data) {
        if (data.length == 0) {
            return EMPTY_SHA256_HEX;
        }
        return hex(SHA256.get().digest(data));
    }

    static String sha256Hex(String data) {
        return hex(SHA256.get().digest(data.getBytes(StandardCharsets.UTF_8)));
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(HMAC_SHA256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
