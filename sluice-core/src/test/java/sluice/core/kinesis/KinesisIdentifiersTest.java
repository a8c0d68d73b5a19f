package sluice.core.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Sequence numbers, hash-key ranges and sealed iterators (ARCHITECTURE §6). */
class KinesisIdentifiersTest {

    @Test
    void sequenceNumbersHave56DigitsCompareAsBigIntegersAndDecodeToTheirPosition() {
        String a = SequenceNumbers.of(1_700_000_000_000L, 3, 9);
        String b = SequenceNumbers.of(1_700_000_000_000L, 3, 10);
        assertEquals(56, a.length());
        assertTrue(new BigInteger(b).compareTo(new BigInteger(a)) > 0);
        assertTrue(b.compareTo(a) > 0);
        assertEquals(10, SequenceNumbers.position(b, 1_700_000_000_000L, 3));
        assertEquals(-1, SequenceNumbers.position(b, 1_700_000_000_000L, 4));
        assertEquals(-1, SequenceNumbers.position(b, 1_700_000_000_001L, 3));
        assertEquals(-1, SequenceNumbers.position("123", 1_700_000_000_000L, 3));
    }

    @Test
    void hashKeyRangesSplitTheSpaceEvenlyAndRoutingAgreesWithThem() {
        for (int shards : new int[] {1, 2, 3, 7, 500}) {
            assertEquals(BigInteger.ZERO, HashKeys.start(0, shards));
            assertEquals(HashKeys.MAX, HashKeys.end(shards - 1, shards));
            for (int i = 0; i < shards; i++) {
                assertEquals(i, HashKeys.shardFor(HashKeys.start(i, shards), shards));
                assertEquals(i, HashKeys.shardFor(HashKeys.end(i, shards), shards));
                if (i > 0) {
                    assertEquals(HashKeys.end(i - 1, shards).add(BigInteger.ONE), HashKeys.start(i, shards));
                }
            }
        }
        assertEquals(new BigInteger("170141183460469231731687303715884105727"), HashKeys.end(0, 2));
        assertNull(HashKeys.parseExplicit(HashKeys.MAX.add(BigInteger.ONE).toString()));
        assertNull(HashKeys.parseExplicit("-1"));
        assertEquals(HashKeys.MAX, HashKeys.parseExplicit(HashKeys.MAX.toString()));
        // MD5("a") = 0cc175b9c0f1b6a831c399e269772661
        assertEquals(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16), HashKeys.ofPartitionKey("a"));
    }

    @Test
    void iteratorsRoundTripAndRefuseTamperingOrAnotherKey() {
        ShardIterators iterators = new ShardIterators(new byte[32]);
        ShardIterators.Position p = new ShardIterators.Position(42, 3, 1234, 1_700_000_000_000L);
        String token = iterators.seal(p);
        assertEquals(p, iterators.open(token));
        byte[] raw = Base64.getDecoder().decode(token);
        raw[10] ^= 1;
        assertNull(iterators.open(Base64.getEncoder().encodeToString(raw)));
        assertNull(iterators.open("not base64 !"));
        byte[] other = new byte[32];
        other[0] = 1;
        assertNull(new ShardIterators(other).open(token));
    }
}
