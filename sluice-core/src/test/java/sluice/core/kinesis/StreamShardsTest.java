package sluice.core.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shard set's invariants under seeded random resharding: the open shards tile the hash key
 * space, children have higher indices than their parents, and UpdateShardCount's reshaping ends
 * in exactly the even ranges of the target count.
 */
class StreamShardsTest {

    private static void assertTiles(StreamShards shards, String context) {
        BigInteger next = BigInteger.ZERO;
        for (ShardDescriptor d : shards.open()) {
            assertEquals(next, d.startingHashKey(), context);
            assertTrue(d.endingHashKey().compareTo(d.startingHashKey()) >= 0, context);
            next = d.endingHashKey().add(BigInteger.ONE);
        }
        assertEquals(HashKeys.SPACE, next, context);
        for (ShardDescriptor d : shards.all()) {
            assertTrue(d.parent() < d.index() && d.adjacentParent() < d.index(), context);
        }
    }

    @Test
    void randomSplitsMergesAndScalingsKeepTheOpenShardsTilingTheKeySpace() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed " + seed;
        StreamShards shards = StreamShards.uniform(1 + random.nextInt(5), 0);
        for (int step = 0; step < 200; step++) {
            List<ShardDescriptor> open = new ArrayList<>(shards.open());
            int choice = random.nextInt(3);
            if (choice == 0) {
                ShardDescriptor s = open.get(random.nextInt(open.size()));
                BigInteger width = s.endingHashKey().subtract(s.startingHashKey());
                if (width.compareTo(BigInteger.TWO) > 0) {
                    BigInteger at = s.startingHashKey().add(BigInteger.TWO)
                            .add(new BigInteger(width.bitLength(), random).mod(width.subtract(BigInteger.TWO)));
                    shards.split(s, at, step, 0);
                }
            } else if (choice == 1 && open.size() > 1) {
                int i = random.nextInt(open.size() - 1);
                shards.merge(open.get(i + 1), open.get(i), step, k -> 0);
            } else {
                int current = open.size();
                int target = Math.max(1, Math.min(64, (current + 1) / 2 + random.nextInt(2 * current - (current + 1) / 2 + 1)));
                shards.scaleTo(target, step, k -> 0);
                List<ShardDescriptor> after = new ArrayList<>(shards.open());
                assertEquals(target, after.size(), context);
                for (int j = 0; j < target; j++) {
                    assertEquals(HashKeys.start(j, target), after.get(j).startingHashKey(), context);
                }
            }
            assertTiles(shards, context + ", step " + step);
        }
    }

    @Test
    void doublingSplitsEachShardOnceAndHalvingMergesPairs() {
        StreamShards shards = StreamShards.uniform(2, 0);
        shards.scaleTo(4, 1, k -> 0);
        assertEquals(6, shards.all().size());
        shards.scaleTo(2, 2, k -> 0);
        assertEquals(8, shards.all().size());
        ShardDescriptor merged = shards.open().iterator().next();
        assertEquals(2, shards.children(merged.parent()).size() + shards.children(merged.adjacentParent()).size());
    }
}
