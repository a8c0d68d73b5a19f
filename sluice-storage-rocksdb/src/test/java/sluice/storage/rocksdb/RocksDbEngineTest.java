package sluice.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import sluice.core.storage.ClaimedMessage;
import sluice.core.storage.MessageCounts;
import sluice.core.storage.MessageStore;
import sluice.core.storage.NewMessage;
import sluice.core.storage.QueueRecord;
import sluice.storage.rocksdb.Batch.Cf;

/** What the contract cannot say: concurrency, durability modes, failure, format and cleanup. */
class RocksDbEngineTest {
    private static final long T = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendsAreAllCompletedAndRecovered() throws Exception {
        int threads = 8;
        int batches = 100;
        int perBatch = 5;
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<CompletableFuture<Void>>>> work = new ArrayList<>();
                for (int q = 1; q <= threads; q++) {
                    long queueId = q;
                    work.add(pool.submit(() -> appendMany(engine, queueId, batches, perBatch)));
                }
                for (Future<List<CompletableFuture<Void>>> w : work) {
                    for (CompletableFuture<Void> f : w.get(60, TimeUnit.SECONDS)) {
                        f.orTimeout(60, TimeUnit.SECONDS).join();
                    }
                }
            } finally {
                pool.shutdown();
                assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            }
        }
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            assertEquals(threads, engine.queues().size());
            for (long q = 1; q <= threads; q++) {
                MessageStore store = engine.openMessages(q, T);
                int total = batches * perBatch;
                assertEquals(new MessageCounts(total, 0, 0), store.counts(T));
                assertEquals(total, store.lastSeq());
                List<ClaimedMessage> all = claimAll(store, total);
                for (int i = 0; i < total; i++) {
                    assertEquals(i + 1, all.get(i).seq());
                    assertArrayEquals(payload(q, i + 1), all.get(i).payload());
                }
            }
        }
    }

    private static List<CompletableFuture<Void>> appendMany(RocksDbEngine engine, long queueId, int batches, int perBatch) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        futures.add(engine.putQueue(queue(queueId)));
        MessageStore store = engine.openMessages(queueId, T);
        long seq = 0;
        for (int b = 0; b < batches; b++) {
            List<NewMessage> messages = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                seq++;
                messages.add(new NewMessage(seq, T, T, payload(queueId, seq)));
            }
            futures.add(store.append(messages));
        }
        return futures;
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void everyDurabilitySurvivesACleanClose(Durability durability) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        try (RocksDbEngine engine = RocksDbEngine.open(dir, durability)) {
            assertSame(durability, engine.durability());
            pending.add(engine.putQueue(queue(1)));
            MessageStore store = engine.openMessages(1, T);
            for (long seq = 1; seq <= 50; seq++) {
                pending.add(store.append(List.of(new NewMessage(seq, T, T, payload(1, seq)))));
            }
        }
        for (CompletableFuture<Void> f : pending) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "close completes every accepted write");
        }
        try (RocksDbEngine engine = RocksDbEngine.open(dir, durability)) {
            MessageStore store = engine.openMessages(1, T);
            assertEquals(50, claimAll(store, 50).size());
        }
    }

    @Test
    @QuietLogs
    void aFailedWriteStopsTheEngineAndKeepsWhatWasAcknowledged() {
        AtomicBoolean broken = new AtomicBoolean();
        AtomicReference<Throwable> reported = new AtomicReference<>();
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC, writer -> batches -> {
            if (broken.get()) {
                throw new RocksDBException("No space left on device");
            }
            writer.write(batches);
        })) {
            engine.onFailure(reported::set);
            engine.putQueue(queue(1)).join();
            MessageStore store = engine.openMessages(1, T);
            store.append(List.of(new NewMessage(1, T, T, payload(1, 1)))).join();

            broken.set(true);
            CompletableFuture<Void> lost = store.append(List.of(new NewMessage(2, T, T, payload(1, 2))));
            EngineFailedException failed = failure(lost);
            assertEquals("No space left on device", failed.getCause().getMessage());
            assertSame(failed.getCause(), engine.failure());
            assertSame(failed.getCause(), reported.get());

            broken.set(false);
            assertSame(failed.getCause(), failure(engine.putQueue(queue(2))).getCause());
            assertSame(failed.getCause(), failure(store.purge()).getCause());
        }
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            assertEquals(List.of(1L), engine.queues().stream().map(QueueRecord::id).toList());
            MessageStore store = engine.openMessages(1, T);
            assertEquals(List.of(1L), claimAll(store, 1).stream().map(ClaimedMessage::seq).toList());
        }
    }

    @Test
    void aMessageClaimedBeforeItsAppendIsWrittenIsDurableOnlyAfterIt() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean hold = new AtomicBoolean();
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
            engine.putQueue(queue(1)).join();
            MessageStore store = engine.openMessages(1, T);
            hold.set(true);
            CompletableFuture<Void> appended = store.append(List.of(new NewMessage(1, T, T, payload(1, 1))));
            var claimed = store.claim(10, T, T + 30_000);
            assertEquals(1, claimed.value().size());
            assertArrayEquals(payload(1, 1), claimed.value().get(0).payload());
            assertTrue(!appended.isDone() && !claimed.durable().isDone());

            release.countDown();
            claimed.durable().orTimeout(30, TimeUnit.SECONDS).join();
            assertTrue(appended.isDone() && !appended.isCompletedExceptionally());
        }
    }

    @Test
    void keysOfQueuesThatNoLongerExistAreSweptAtOpen() throws RocksDBException {
        try (Database db = Database.open(dir, Durability.FSYNC)) {
            Batch orphans = new Batch()
                    .put(Cf.STATE, Keys.queue(9), Codecs.encodeHead(1))
                    .put(Cf.STATE, Keys.message(9, 1), Codecs.encodeState(T, T, 0, 0, null))
                    .put(Cf.PAYLOADS, Keys.message(9, 1), payload(9, 1));
            db.write(List.of(orphans));
        }
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            engine.putQueue(queue(1)).join();
            engine.openMessages(1, T).append(List.of(new NewMessage(1, T, T, payload(1, 1)))).join();
        }
        try (Database db = Database.open(dir, Durability.FSYNC)) {
            assertEquals(List.of(1L), db.queueIdsIn(Cf.STATE));
            assertEquals(List.of(1L), db.queueIdsIn(Cf.PAYLOADS));
        }
    }

    @Test
    void aDroppedStoreWritesNothing() throws RocksDBException {
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            engine.putQueue(queue(1)).join();
            MessageStore store = engine.openMessages(1, T);
            engine.deleteQueue(1).join();
            store.append(List.of(new NewMessage(1, T, T, payload(1, 1)))).join();
        }
        try (Database db = Database.open(dir, Durability.FSYNC)) {
            assertEquals(List.of(), db.queueIdsIn(Cf.STATE));
            assertEquals(List.of(), db.queueIdsIn(Cf.PAYLOADS));
        }
    }

    @Test
    void aDirectoryInANewerFormatIsRefused() throws RocksDBException {
        try (Database db = Database.open(dir, Durability.FSYNC)) {
            assertTrue(db.queueIdsIn(Cf.STATE).isEmpty());
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options options = new Options()) {
            List<ColumnFamilyDescriptor> families = RocksDB.listColumnFamilies(options, dir.toString()).stream()
                    .map(ColumnFamilyDescriptor::new).toList();
            try (DBOptions dbOptions = new DBOptions();
                 RocksDB raw = RocksDB.open(dbOptions, dir.toString(), families, handles)) {
                raw.put(Keys.FORMAT_KEY, Codecs.encodeHead(Keys.FORMAT_VERSION + 1));
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RocksDbEngine.open(dir, Durability.FSYNC));
        assertTrue(e.getMessage().contains("storage format " + (Keys.FORMAT_VERSION + 1)), e.getMessage());
    }

    @Test
    void aFormatOneDirectoryIsUpgradedAndKeepsItsQueues() throws RocksDBException {
        // a format-1 directory: the default family and the four queue families, stamped 1
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        families.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (String name : List.of("queues", "state", "payloads", "records")) {
            families.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII)));
        }
        try (DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB raw = RocksDB.open(dbOptions, dir.toString(), families, handles)) {
            raw.put(Keys.FORMAT_KEY, Codecs.encodeHead(1));
            raw.put(handles.get(1), Keys.queue(7), Codecs.encodeQueue(queue(7)));
            handles.forEach(ColumnFamilyHandle::close);
        }
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            assertEquals(List.of(7L), engine.queues().stream().map(QueueRecord::id).toList());
            assertTrue(engine.records("sns").isEmpty());
            engine.putRecord("sns", "t", new byte[] {1}).join();
        }
        try (RocksDbEngine engine = RocksDbEngine.open(dir, Durability.FSYNC)) {
            assertArrayEquals(new byte[] {1}, engine.records("sns").get("t"));
        }
        assertEquals(Keys.FORMAT_VERSION, Codecs.decodeHead(formatOf(dir)));
    }

    private static byte[] formatOf(Path dir) throws RocksDBException {
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options options = new Options()) {
            List<ColumnFamilyDescriptor> families = RocksDB.listColumnFamilies(options, dir.toString()).stream()
                    .map(ColumnFamilyDescriptor::new).toList();
            try (DBOptions dbOptions = new DBOptions();
                 RocksDB raw = RocksDB.openReadOnly(dbOptions, dir.toString(), families, handles)) {
                byte[] found = raw.get(Keys.FORMAT_KEY);
                handles.forEach(ColumnFamilyHandle::close);
                return found;
            }
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsAreRejected() {
        RocksDbEngine engine = RocksDbEngine.open(dir, Durability.OS);
        engine.putQueue(queue(1)).join();
        MessageStore store = engine.openMessages(1, T);
        store.append(List.of(new NewMessage(1, T, T, payload(1, 1)))).join();
        engine.close();
        engine.close();
        assertInstanceOf(IllegalStateException.class,
                assertThrows(CompletionException.class, () -> engine.putQueue(queue(2)).join()).getCause());
        assertThrows(IllegalStateException.class, () -> engine.openMessages(2, T));
    }

    private static QueueRecord queue(long id) {
        return new QueueRecord(id, "000000000000", "us-east-1", "q" + id, Map.of(), Map.of(), T, T);
    }

    private static byte[] payload(long queueId, long seq) {
        return ("queue " + queueId + " message " + seq).getBytes(StandardCharsets.UTF_8);
    }

    private static List<ClaimedMessage> claimAll(MessageStore store, int max) {
        var written = store.claim(max, T, T + 30_000);
        written.durable().orTimeout(30, TimeUnit.SECONDS).join();
        return written.value();
    }

    private static EngineFailedException failure(CompletableFuture<Void> future) {
        CompletionException e = assertThrows(CompletionException.class, () -> future.orTimeout(10, TimeUnit.SECONDS).join());
        return assertInstanceOf(EngineFailedException.class, e.getCause());
    }
}
