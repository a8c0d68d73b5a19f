package sluice.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sluice.core.storage.ShardStore;
import sluice.core.storage.Written;
import sluice.storage.rocksdb.Batch.Cf;

/** Large Kinesis records in blob files: stored there, read back, released by trims; collection's switch. */
class BlobCollectionTest {
    private static final long T = 1_700_000_000_000L;
    private static final long MiB = 1024 * 1024;

    @TempDir
    Path dir;

    private static byte[] data(int i, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) i);
        return b;
    }

    @Test
    void largeRecordsLiveInBlobFilesThatAreDeletedOnceTheirRecordsAreTrimmed() throws Exception {
        List<ShardStore.NewRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(new ShardStore.NewRecord(T + i, "pk-" + i, data(i, 10 * 1024)));
        }
        records.add(new ShardStore.NewRecord(T + 100, "small", data(7, 100)));
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            engine.openShard("big-0").append(records).durable().join();
            engine.database().flush();
            assertTrue(engine.database().longProperty(Cf.SHARD_RECORDS, "rocksdb.live-blob-file-size") >= 100 * 10 * 1024);
            BlobCollection collection = new BlobCollection(engine.database());
            collection.check(); // reads RocksDB's blob properties, which must exist
            assertFalse(collection.collecting(), "nothing is garbage yet");
            engine.database().setBlobCollection(Cf.SHARD_RECORDS, true); // RocksDB takes the switch both ways
            engine.database().setBlobCollection(Cf.SHARD_RECORDS, false);
        }
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            ShardStore shard = engine.openShard("big-0");
            List<ShardStore.StoredRecord> read = shard.read(0, 1000, Long.MAX_VALUE).records();
            assertEquals(101, read.size());
            for (int i = 0; i <= 100; i++) {
                assertEquals(records.get(i).partitionKey(), read.get(i).partitionKey());
                assertEquals(records.get(i).arrivedAt(), read.get(i).arrivedAt());
                assertArrayEquals(records.get(i).data(), read.get(i).data());
            }
            Written<Integer> trimmed = shard.trim(T + 1000);
            trimmed.durable().join();
            assertEquals(101, trimmed.value());
            engine.database().flush();
            engine.database().compact(Cf.SHARD_RECORDS);
            assertEquals(0, engine.database().longProperty(Cf.SHARD_RECORDS, "rocksdb.live-blob-file-size"));
        }
    }

    @Test
    void collectionRunsOnlyWhileGarbageIsOverHalfAndStopsUnderAQuarter() {
        long bytes = 1024 * MiB;
        assertFalse(BlobCollection.shouldCollect(false, bytes, bytes * 4 / 10));
        assertTrue(BlobCollection.shouldCollect(false, bytes, bytes * 6 / 10));
        assertTrue(BlobCollection.shouldCollect(true, bytes, bytes * 3 / 10));
        assertFalse(BlobCollection.shouldCollect(true, bytes, bytes * 2 / 10));
        assertFalse(BlobCollection.shouldCollect(false, BlobCollection.MIN_BYTES - 1, BlobCollection.MIN_BYTES - 1));
    }
}
