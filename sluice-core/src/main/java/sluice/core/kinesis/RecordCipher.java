package sluice.core.kinesis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of the records of a stream under StartStreamEncryption. Sluice holds no KMS:
 * the KeyId a caller names is recorded and reported, and the records are sealed with a key the
 * server derives from its secret (the one that also seals shard iterators, kept in the data
 * directory):
 *
 * <pre>
 *   master    = HMAC-SHA256(secret, "sluice kinesis record encryption")
 *   stream key = HMAC-SHA256(master, stream id as 8 big-endian bytes)       (AES-256)
 *   sealed    = nonce (12 random bytes) ‖ AES-GCM(stream key, nonce, plaintext, aad) (with 16-byte tag)
 *   aad       = stream id (8) ‖ shard index (4) ‖ field (1: 'D' data, 'K' partition key)
 * </pre>
 *
 * Data is stored as the sealed bytes; the partition key (a string in the store) as the sealed bytes
 * in base64. Random nonces are safe here: far fewer than 2^32 records are sealed under one stream
 * key. Which records are sealed is not read from the bytes but from the shard's encryption toggles
 * (see {@link ShardDescriptor#encryptedAt}), so records written before encryption started stay
 * readable as they are. Thread-safe.
 */
final class RecordCipher {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final byte[] master;
    private final SecureRandom random = new SecureRandom();

    RecordCipher(byte[] secret) {
        this.master = hmac(secret, "sluice kinesis record encryption".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private SecretKeySpec streamKey(long streamId) {
        return new SecretKeySpec(hmac(master, ByteBuffer.allocate(8).putLong(streamId).array()), "AES");
    }

    private static byte[] aad(long streamId, int shard, char field) {
        return ByteBuffer.allocate(13).putLong(streamId).putInt(shard).put((byte) field).array();
    }

    byte[] sealData(long streamId, int shard, byte[] data) {
        return seal(streamId, shard, 'D', data);
    }

    byte[] openData(long streamId, int shard, byte[] sealed) {
        return open(streamId, shard, 'D', sealed);
    }

    String sealPartitionKey(long streamId, int shard, String partitionKey) {
        return Base64.getEncoder().encodeToString(seal(streamId, shard, 'K', partitionKey.getBytes(StandardCharsets.UTF_8)));
    }

    String openPartitionKey(long streamId, int shard, String sealed) {
        return new String(open(streamId, shard, 'K', Base64.getDecoder().decode(sealed)), StandardCharsets.UTF_8);
    }

    private byte[] seal(long streamId, int shard, char field, byte[] plain) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, streamKey(streamId), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(streamId, shard, field));
            byte[] sealed = c.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is always available", e);
        }
    }

    private byte[] open(long streamId, int shard, char field, byte[] sealed) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, streamKey(streamId), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            c.updateAAD(aad(streamId, shard, field));
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed Kinesis record of stream " + streamId + " shard " + shard
                    + " does not open with this server's secret: the data directory's key file was changed", e);
        }
    }
}
