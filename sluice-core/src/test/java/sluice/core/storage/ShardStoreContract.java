package sluice.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The semantics every engine's {@link ShardStore} must share: one suite, run against every engine
 * by a subclass that says how to open one and whether it is durable. Arrival times are given by
 * the test, never read from a clock. The durable half (close, reopen the same directory, look
 * again) runs only when {@link #durable()} is true. The seeded model test prints its seed on failure.
 */
public abstract class ShardStoreContract extends EngineFixture {

    protected static List<Long> appendShard(ShardStore shard, long at, String... payloads) {
        List<ShardStore.NewRecord> batch = new ArrayList<>();
        for (String p : payloads) {
            batch.add(new ShardStore.NewRecord(at, "pk-" + p, p.getBytes(StandardCharsets.UTF_8)));
        }
        Written<List<Long>> written = shard.append(batch);
        await(written.durable());
        return written.value();
    }

    protected static List<String> payloads(ShardStore.Read read) {
        List<String> out = new ArrayList<>();
        for (ShardStore.StoredRecord r : read.records()) {
            out.add(new String(r.data(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void shardPositionsAreDenseAndReadsHonourLimitAndBytes() {
        ShardStore shard = engine.openShard("s1-0");
        assertEquals(0, shard.nextPosition());
        assertEquals(List.of(0L, 1L, 2L), appendShard(shard, T, "a", "b", "c"));
        assertEquals(List.of(3L), appendShard(shard, T + 10, "d"));
        ShardStore.Read two = shard.read(0, 2, Long.MAX_VALUE);
        assertEquals(List.of("a", "b"), payloads(two));
        assertEquals(2, two.nextPosition());
        assertEquals("pk-a", two.records().get(0).partitionKey());
        assertEquals(T, two.records().get(0).arrivedAt());
        assertEquals(List.of("c", "d"), payloads(shard.read(2, 10, Long.MAX_VALUE)));
        assertEquals(List.of("a"), payloads(shard.read(0, 10, 1)));
        ShardStore.Read end = shard.read(4, 10, Long.MAX_VALUE);
        assertTrue(end.records().isEmpty());
        assertEquals(4, end.nextPosition());
    }

    @Test
    void maxBytesStopsBeforeTheRecordThatWouldPassItButAlwaysReturnsOne() {
        ShardStore shard = engine.openShard("bytes-0");
        appendShard(shard, T, "aaaa", "bbbb", "cccccccc", "d");
        ShardStore.Read r = shard.read(0, 100, 9);
        assertEquals(List.of("aaaa", "bbbb"), payloads(r));
        assertEquals(2, r.nextPosition());
        ShardStore.Read big = shard.read(2, 100, 3);
        assertEquals(List.of("cccccccc"), payloads(big));
        assertEquals(3, big.nextPosition());
    }

    @Test
    void shardKeysNameTheShardsThatHoldRecordsUntilTheyAreDeleted() {
        ShardStore a = engine.openShard("keys-a-0");
        appendShard(a, T, "x");
        appendShard(engine.openShard("keys-b-1"), T, "y");
        assertTrue(engine.shardKeys().containsAll(Set.of("keys-a-0", "keys-b-1")), engine.shardKeys().toString());
        await(a.delete());
        assertFalse(engine.shardKeys().contains("keys-a-0"));
        if (durable()) {
            reopen();
            assertEquals(Set.of("keys-b-1"), engine.shardKeys());
        }
    }

    @Test
    void theSameShardKeyOpensTheSameStore() {
        assertSame(engine.openShard("same-0"), engine.openShard("same-0"));
    }

    @Test
    void shardTimeIndexFindsTheFirstRecordAtOrAfterATimestamp() {
        ShardStore shard = engine.openShard("s2-0");
        assertEquals(0, shard.positionAt(T));
        appendShard(shard, T, "a");
        appendShard(shard, T + 100, "b");
        appendShard(shard, T + 200, "c");
        assertEquals(0, shard.positionAt(T - 1));
        assertEquals(1, shard.positionAt(T + 1));
        assertEquals(1, shard.positionAt(T + 100));
        assertEquals(3, shard.positionAt(T + 201));
    }

    @Test
    void theTimeIndexFindsRecordsInsideABatchWhoseTimesDiffer() {
        ShardStore shard = engine.openShard("times-0");
        List<ShardStore.NewRecord> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(new ShardStore.NewRecord(T + 10L * i, "k", new byte[] {(byte) i}));
        }
        await(shard.append(batch).durable());
        assertEquals(0, shard.positionAt(T));
        assertEquals(5, shard.positionAt(T + 45));
        assertEquals(5, shard.positionAt(T + 50));
        assertEquals(9, shard.positionAt(T + 90));
        assertEquals(10, shard.positionAt(T + 91));
        assertEquals(T + 30, shard.arrivedAt(3));
        assertEquals(-1, shard.arrivedAt(10));
    }

    @Test
    void shardTrimRemovesOldRecordsAndNeverReusesPositions() {
        ShardStore shard = engine.openShard("s3-0");
        appendShard(shard, T, "a", "b");
        appendShard(shard, T + 100, "c");
        assertEquals(0, await(trimmed(shard, T)));
        Written<Integer> trimmed = shard.trim(T + 1);
        await(trimmed.durable());
        assertEquals(2, trimmed.value());
        assertEquals(2, shard.firstPosition());
        assertEquals(-1, shard.arrivedAt(1));
        assertEquals(List.of("c"), payloads(shard.read(0, 10, Long.MAX_VALUE)));
        assertEquals(2, shard.read(0, 10, Long.MAX_VALUE).records().getFirst().position());
        assertEquals(2, shard.positionAt(T));
        await(shard.trim(T + 1000).durable());
        assertEquals(3, shard.firstPosition());
        assertEquals(3, shard.positionAt(T));
        assertEquals(List.of(3L), appendShard(shard, T + 2000, "d"));
        assertEquals(3, shard.positionAt(T + 1500));
    }

    @Test
    void aTrimThroughABatchWithDifferentTimesKeepsTheRestFindable() {
        ShardStore shard = engine.openShard("cut-0");
        List<ShardStore.NewRecord> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            batch.add(new ShardStore.NewRecord(T + i, "k", new byte[] {(byte) i}));
        }
        await(shard.append(batch).durable());
        appendShard(shard, T + 100, "x");
        assertEquals(3, await(trimmed(shard, T + 3)));
        assertEquals(3, shard.firstPosition());
        assertEquals(3, shard.positionAt(T + 1));
        assertEquals(4, shard.positionAt(T + 4));
        assertEquals(6, shard.positionAt(T + 6));
        assertEquals(7, shard.positionAt(T + 101));
    }

    private static CompletableFuture<Integer> trimmed(ShardStore shard, long before) {
        Written<Integer> w = shard.trim(before);
        return w.durable().thenApply(v -> w.value());
    }

    @Test
    void shardsAreIndependentAndDeletable() {
        ShardStore one = engine.openShard("s4-0");
        ShardStore two = engine.openShard("s4-1");
        ShardStore prefix = engine.openShard("s4-");
        appendShard(one, T, "a");
        appendShard(two, T, "x", "y");
        appendShard(prefix, T, "p");
        assertEquals(1, one.nextPosition());
        await(two.delete());
        assertEquals(0, engine.openShard("s4-1").nextPosition());
        assertEquals(List.of("a"), payloads(engine.openShard("s4-0").read(0, 10, Long.MAX_VALUE)));
        assertEquals(List.of("p"), payloads(engine.openShard("s4-").read(0, 10, Long.MAX_VALUE)));
    }

    @Test
    void aSeededRandomWorkloadMatchesASimpleModel() {
        long seed = System.nanoTime();
        try {
            runModel(new Random(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private void runModel(Random random) {
        String key = "model-0";
        ShardStore shard = engine.openShard(key);
        List<ShardStore.StoredRecord> model = new ArrayList<>();
        long first = 0;
        long time = T;
        for (int step = 0; step < 120; step++) {
            int n = 1 + random.nextInt(random.nextBoolean() ? 5 : 60);
            List<ShardStore.NewRecord> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                time += random.nextInt(4) == 0 ? random.nextInt(5) : 0;
                byte[] data = new byte[random.nextInt(40)];
                random.nextBytes(data);
                batch.add(new ShardStore.NewRecord(time, "k" + random.nextInt(9), data));
            }
            Written<List<Long>> w = shard.append(batch);
            for (int i = 0; i < n; i++) {
                ShardStore.NewRecord r = batch.get(i);
                assertEquals(model.size(), w.value().get(i));
                model.add(new ShardStore.StoredRecord(model.size(), r.arrivedAt(), r.partitionKey(), r.data()));
            }
            await(w.durable());
            if (random.nextInt(10) == 0) {
                long before = T + (long) ((time - T) * random.nextDouble() * 0.8);
                long expectedFirst = Math.max(first, modelPositionAt(model, before));
                assertEquals((int) (expectedFirst - first), (int) await(trimmed(shard, before)));
                first = expectedFirst;
            }
            if (durable() && random.nextInt(30) == 0) {
                shard = reopen().openShard(key);
            }
            assertEquals(first, shard.firstPosition());
            assertEquals(model.size(), shard.nextPosition());
            for (int probe = 0; probe < 3; probe++) {
                long ts = T - 2 + (long) ((time - T + 4) * random.nextDouble());
                assertEquals(Math.max(first, modelPositionAt(model, ts)), shard.positionAt(ts), "positionAt " + ts);
                long from = (long) (model.size() * random.nextDouble());
                int limit = 1 + random.nextInt(80);
                long maxBytes = 1 + random.nextInt(600);
                ShardStore.Read read = shard.read(from, limit, maxBytes);
                long at = Math.max(from, first);
                long bytes = 0;
                int count = 0;
                for (ShardStore.StoredRecord r : read.records()) {
                    ShardStore.StoredRecord m = model.get((int) at);
                    assertEquals(at, r.position());
                    assertEquals(m.arrivedAt(), r.arrivedAt());
                    assertEquals(m.partitionKey(), r.partitionKey());
                    assertTrue(java.util.Arrays.equals(m.data(), r.data()), "data at " + at);
                    bytes += r.data().length;
                    count++;
                    at++;
                }
                assertEquals(at, read.nextPosition());
                assertTrue(count <= limit && (count <= 1 || bytes <= maxBytes), "limits");
                boolean full = at < model.size() && count > 0 && bytes + model.get((int) at).data().length > maxBytes;
                assertTrue(at == model.size() || count == limit || full, "read stopped early at " + at);
            }
        }
    }

    private static long modelPositionAt(List<ShardStore.StoredRecord> model, long ts) {
        for (ShardStore.StoredRecord r : model) {
            if (r.arrivedAt() >= ts) {
                return r.position();
            }
        }
        return model.size();
    }

    @Test
    void acknowledgedShardRecordsSurviveAReopenWithTheirPositions() {
        assumeTrue(durable());
        ShardStore shard = engine.openShard("s5-0");
        appendShard(shard, T, "a", "b", "c");
        await(shard.trim(T + 1).durable());
        appendShard(shard, T + 5, "d");
        ShardStore again = reopen().openShard("s5-0");
        assertEquals(3, again.firstPosition());
        assertEquals(4, again.nextPosition());
        assertEquals(List.of("d"), payloads(again.read(0, 10, Long.MAX_VALUE)));
        assertEquals(T + 5, again.arrivedAt(3));
        assertEquals(3, again.positionAt(T + 5));
        assertEquals(4, again.positionAt(T + 6));
        await(again.trim(T + 10).durable());
        ShardStore emptied = reopen().openShard("s5-0");
        assertEquals(4, emptied.nextPosition());
        assertEquals(4, emptied.firstPosition());
        assertEquals(List.of(4L), appendShard(emptied, T + 20, "e"));
    }

    @Test
    void aDeletedShardStaysDeletedAcrossReopen() {
        assumeTrue(durable());
        ShardStore shard = engine.openShard("gone-0");
        appendShard(shard, T, "a", "b");
        await(shard.delete());
        ShardStore again = reopen().openShard("gone-0");
        assertEquals(0, again.nextPosition());
        assertTrue(again.read(0, 10, Long.MAX_VALUE).records().isEmpty());
    }
}
