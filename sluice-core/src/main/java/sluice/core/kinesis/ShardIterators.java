package sluice.core.kinesis;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shard iterators (ARCHITECTURE §6): sealed tokens of (stream id, shard index, position,
 * issued-at), with no state on the server. The token is {@code version ‖ fields ‖ HMAC-SHA256
 * truncated to 16 bytes}, base64; a token that fails the MAC is invalid, one older than five
 * minutes is expired. The key is derived from the server's secret, so tokens survive restarts.
 */
final class ShardIterators {
    static final long LIFETIME_MILLIS = 300_000;
    private static final byte VERSION = 1;
    private static final int BODY = 1 + 8 + 4 + 8 + 8;
    private static final int MAC = 16;

    record Position(long streamId, int shardIndex, long position, long issuedAt) {
    }

    private final SecretKeySpec key;

    ShardIterators(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            this.key = new SecretKeySpec(mac.doFinal("sluice kinesis shard iterator".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    String seal(Position p) {
        ByteBuffer out = ByteBuffer.allocate(BODY + MAC);
        out.put(VERSION).putLong(p.streamId()).putInt(p.shardIndex()).putLong(p.position()).putLong(p.issuedAt());
        out.put(mac(out.array(), BODY), 0, MAC);
        return Base64.getEncoder().encodeToString(out.array());
    }

    /** The position a token stands for, or null when it is not a token we sealed. */
    Position open(String token) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != BODY + MAC || raw[0] != VERSION) {
            return null;
        }
        byte[] expected = Arrays.copyOf(mac(raw, BODY), MAC);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, BODY, BODY + MAC))) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(raw, 1, BODY - 1);
        return new Position(in.getLong(), in.getInt(), in.getLong(), in.getLong());
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
