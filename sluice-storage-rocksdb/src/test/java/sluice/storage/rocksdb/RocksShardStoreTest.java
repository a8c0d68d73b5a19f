package sluice.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import sluice.core.storage.ShardStore;
import sluice.core.storage.Written;
import sluice.storage.rocksdb.Batch.Cf;

/** What the shard contract cannot say: visibility before durability, the time index's size, the format-2 migration. */
class RocksShardStoreTest {
    private static final long T = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static ShardStore.NewRecord record(long at, String data) {
        return new ShardStore.NewRecord(at, "pk-" + data, data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRecordIsReadableOnlyOnceItsAppendIsDurable() throws Exception {
        AtomicBoolean hold = new AtomicBoolean();
        CountDownLatch release = new CountDownLatch(1);
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC, writer -> batches -> {
            if (hold.get()) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            writer.write(batches);
        })) {
            ShardStore shard = engine.openShard("held-0");
            shard.append(List.of(record(T, "a"))).durable().join();
            hold.set(true);
            Written<List<Long>> pending = shard.append(List.of(record(T + 5, "b")));
            assertEquals(2, shard.nextPosition());
            assertEquals(T + 5, shard.arrivedAt(1));
            assertEquals(1, shard.positionAt(T + 1));
            ShardStore.Read before = shard.read(0, 10, Long.MAX_VALUE);
            assertEquals(1, before.records().size());
            assertEquals(1, before.nextPosition());
            assertFalse(pending.durable().isDone());
            release.countDown();
            pending.durable().orTimeout(30, TimeUnit.SECONDS).join();
            assertEquals(2, shard.read(0, 10, Long.MAX_VALUE).records().size());
        }
    }

    @Test
    void tailsStayWithinTheirBoundsAndAreReleasedByTrimAndDelete() {
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.OS)) {
            ShardStore one = engine.openShard("tail-0");
            ShardStore two = engine.openShard("tail-1");
            byte[] data = new byte[10 * 1024];
            for (int i = 0; i < 300; i++) {
                one.append(List.of(new ShardStore.NewRecord(T + i, "k", data))).durable().join();
                two.append(List.of(new ShardStore.NewRecord(T + i, "k", data))).durable().join();
            }
            long held = engine.tailBytes();
            assertTrue(held > 0 && held <= 2 * (RocksShardStore.TAIL_BYTES + data.length), "tail bytes " + held);
            one.trim(T + 1000).durable().join();
            two.delete().join();
            assertEquals(0, engine.tailBytes());
            assertEquals(300, one.positionAt(T));
        }
    }

    @Test
    void singleRecordAppendsShareTimeIndexEntriesAndSurviveReopen() throws RocksDBException {
        int records = 2_500;
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.OS)) {
            ShardStore shard = engine.openShard("many-0");
            Written<List<Long>> last = null;
            for (int i = 0; i < records; i++) {
                last = shard.append(List.of(record(T + i, "r" + i)));
            }
            last.durable().join();
        }
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.OS)) {
            ShardStore shard = engine.openShard("many-0");
            assertEquals(0, shard.firstPosition());
            assertEquals(records, shard.nextPosition());
            for (int i = 0; i < records; i += 97) {
                assertEquals(i, shard.positionAt(T + i));
            }
            assertEquals(records, shard.positionAt(T + records));
            assertEquals("r1234", new String(shard.read(1234, 1, Long.MAX_VALUE).records().getFirst().data(), StandardCharsets.UTF_8));
            assertEquals(List.of(2_500L), shard.append(List.of(record(T + records, "next"))).value());
        }
        AtomicInteger entries = new AtomicInteger();
        try (Database db = Database.open(dir, Durability.OS)) {
            db.scan(Cf.SHARD_TIMES, new byte[0], new byte[] {(byte) 0xFF}, (key, value) -> entries.incrementAndGet());
        }
        int bound = records / RocksShardStore.ENTRY_RECORDS + 2;
        assertTrue(entries.get() <= bound, entries.get() + " time-index entries for " + records + " records");
    }

    @Test
    @QuietLogs
    void aFormatTwoDirectoryMovesItsShardsToTheirOwnFamilies() throws RocksDBException {
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            // format 2 kept shards in metadata records: positions as 16 hex digits, and "next" after an emptying trim
            for (int p = 2; p < 5; p++) {
                engine.putRecord("kinesis-shard:9-0", String.format("%016x", p), ShardCodecs.encodeRecord(record(T + 10L * p, "v" + p))).join();
            }
            engine.putRecord("kinesis-shard:9-1", "next", new byte[] {0, 0, 0, 0, 0, 0, 0, 7}).join();
            engine.putRecord("sns", "topic", new byte[] {1}).join();
        }
        try (Database db = Database.open(dir, Durability.FSYNC)) {
            db.stampFormat(2);
        }
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            ShardStore moved = engine.openShard("9-0");
            assertEquals(2, moved.firstPosition());
            assertEquals(5, moved.nextPosition());
            ShardStore.Read read = moved.read(0, 10, Long.MAX_VALUE);
            assertEquals(3, read.records().size());
            assertEquals("pk-v3", read.records().get(1).partitionKey());
            assertArrayEquals("v4".getBytes(StandardCharsets.UTF_8), read.records().get(2).data());
            assertEquals(3, moved.positionAt(T + 25));
            ShardStore emptied = engine.openShard("9-1");
            assertEquals(7, emptied.nextPosition());
            assertEquals(7, emptied.firstPosition());
            assertTrue(engine.records("kinesis-shard:9-0").isEmpty());
            assertTrue(engine.records("kinesis-shard:9-1").isEmpty());
            assertArrayEquals(new byte[] {1}, engine.records("sns").get("topic"));
        }
        try (Database db = Database.open(dir, Durability.FSYNC)) {
            assertEquals(Keys.FORMAT_VERSION, db.formatAtOpen());
        }
    }

    @Test
    void anUnknownShardValueVersionIsRefusedWithAnActionableMessage() {
        byte[] value = ShardCodecs.encodeRecord(record(T, "x"));
        value[0] = 9;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ShardCodecs.decodeRecord(0, value));
        assertTrue(e.getMessage().contains("shard record format version 9") && e.getMessage().contains("newer Sluice"), e.getMessage());
        byte[] head = ShardCodecs.encodeHead(3);
        head[0] = 2;
        assertThrows(IllegalStateException.class, () -> ShardCodecs.decodeHead(head));
        byte[] time = ShardCodecs.encodeTime(T, 4);
        assertEquals(new ShardCodecs.TimeEntry(T, 4), ShardCodecs.decodeTime(time));
        time[0] = 2;
        assertThrows(IllegalStateException.class, () -> ShardCodecs.decodeTime(time));
    }
}
