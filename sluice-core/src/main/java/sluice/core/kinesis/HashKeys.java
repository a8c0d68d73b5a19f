package sluice.core.kinesis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 128-bit hash-key space as AWS divides it: N shards split 2^128 evenly, shard i owning
 * [i·2^128/N, (i+1)·2^128/N − 1]; a record's hash key is the MD5 of its partition key read as an
 * unsigned 128-bit integer, unless it names an ExplicitHashKey.
 */
final class HashKeys {
    static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);
    static final BigInteger MAX = SPACE.subtract(BigInteger.ONE);

    private HashKeys() {
    }

    static BigInteger start(int shard, int shards) {
        return SPACE.multiply(BigInteger.valueOf(shard)).divide(BigInteger.valueOf(shards));
    }

    static BigInteger end(int shard, int shards) {
        return start(shard + 1, shards).subtract(BigInteger.ONE);
    }

    static BigInteger ofPartitionKey(String partitionKey) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }

    /** The index of the shard, of {@code shards} even ones, owning {@code hashKey}. */
    static int shardFor(BigInteger hashKey, int shards) {
        int index = hashKey.multiply(BigInteger.valueOf(shards)).shiftRight(128).intValueExact();
        // integer division boundaries: make sure the chosen shard's range really holds the key
        while (index > 0 && hashKey.compareTo(start(index, shards)) < 0) {
            index--;
        }
        while (index < shards - 1 && hashKey.compareTo(end(index, shards)) > 0) {
            index++;
        }
        return index;
    }

    /** Parses an ExplicitHashKey: a decimal in [0, 2^128 − 1], else null. */
    static BigInteger parseExplicit(String text) {
        if (text == null || text.isEmpty() || text.length() > 39 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        BigInteger value = new BigInteger(text);
        return value.compareTo(MAX) > 0 ? null : value;
    }
}
