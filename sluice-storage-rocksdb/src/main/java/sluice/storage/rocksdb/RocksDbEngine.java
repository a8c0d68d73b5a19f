package sluice.storage.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.rocksdb.RocksDBException;
import sluice.core.storage.MemoryEngine;
import sluice.core.storage.MessageIndex;
import sluice.core.storage.MessageStore;
import sluice.core.storage.QueueRecord;
import sluice.core.storage.ShardStore;
import sluice.core.storage.StorageEngine;
import sluice.storage.rocksdb.Batch.Cf;

/**
 * The embedded durable engine: an in-memory {@link sluice.core.storage.MessageIndex} per queue
 * over RocksDB, every write through one {@link GroupCommitter}.
 *
 * <p>On-disk layout, format version 3 ({@link Keys#FORMAT_VERSION}, stamped in the default column
 * family under {@code "sluice.format"}); ids and seqs are 8 bytes big-endian:
 * <pre>
 *   queues    queueId               → QueueRecord (version byte 1, then fields)
 *   state     queueId               → head: version byte 1, last seq ever appended
 *   state     queueId ‖ seq         → version byte 1, sentAt, availableAt, receiveCount, firstReceivedAt
 *   payloads  queueId ‖ seq         → the payload bytes, as appended
 *   records   queueId ‖ name        → a queue's named record (dedup ids, move tasks), opaque bytes
 *   metadata  namespace ‖ 00 ‖ key  → a service's metadata record (SNS topics, subscriptions), opaque
 *                                     bytes; the service versions its own values
 *   shard_records, shard_times       → Kinesis shards, see {@link ShardKeys} and {@link RocksShardStore}
 * </pre>
 * Format 1 had no {@code metadata} family, format 2 no shard families (it kept shards in metadata
 * records); opening an older directory creates the families, moves format-2 shards
 * ({@link ShardLayoutMigration}) and restamps 3.
 * Metadata records are not cached: {@link #records(String)} scans (services read them once, at start).
 * A claim rewrites the message's state (new receive count; availableAt becomes the receive time,
 * and a received message is visible at once after recovery). Recovery reads only {@code state};
 * payloads are read by claims (point gets, bloom filtered).
 *
 * <p>What must always hold: the in-memory queue map mirrors {@code queues} as written or queued;
 * a queue's keys in {@code state} and {@code payloads} exist only while its record does (deleting
 * a queue range-deletes them in the same batch; keys a dropped store might still have queued are
 * swept when the engine next opens); only queues that existed at open are read from disk, once.
 */
public final class RocksDbEngine implements StorageEngine {
    private static final System.Logger LOG = System.getLogger(RocksDbEngine.class.getName());
    /** How many bytes of writes may wait for the committer before writers are held back. */
    private static final long MAX_QUEUED_BYTES = 64L * 1024 * 1024;

    private final Durability durability;
    private final Database db;
    private final GroupCommitter committer;
    private final Map<Long, QueueRecord> queues = new ConcurrentHashMap<>();
    private final Map<Long, RocksMessageStore> stores = new ConcurrentHashMap<>();
    /** Queues stored at open whose messages have not been recovered yet. */
    private final Set<Long> unrecovered = ConcurrentHashMap.newKeySet();
    /** Kinesis shards opened since start: one store per shard until it is deleted. */
    private final Map<String, RocksShardStore> shards = new ConcurrentHashMap<>();
    private final TailBudget tails = new TailBudget(RocksShardStore.TAIL_BUDGET_BYTES);
    private final BlobCollection blobCollection;
    /** Runs the engine's periodic upkeep (blob collection) on one daemon thread. */
    private final ScheduledExecutorService upkeep = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sluice-rocksdb-upkeep");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    private RocksDbEngine(Durability durability, Database db, GroupCommitter.Writer writer) {
        this.durability = durability;
        this.db = db;
        this.committer = new GroupCommitter("sluice-rocksdb-committer", writer, MAX_QUEUED_BYTES);
        this.blobCollection = new BlobCollection(db);
    }

    /**
     * Opens (creating when needed) the engine stored in {@code dir}.
     *
     * @throws UncheckedIOException when the directory cannot be created or RocksDB cannot open it
     * @throws IllegalStateException when the directory holds a storage format this build does not read
     */
    public static RocksDbEngine open(Path dir, Durability durability) {
        return open(dir, durability, UnaryOperator.identity());
    }

    /** Opens with the committer's writes passed through {@code decorate} (tests inject faults). */
    static RocksDbEngine open(Path dir, Durability durability, UnaryOperator<GroupCommitter.Writer> decorate) {
        Database db;
        try {
            Files.createDirectories(dir);
            db = Database.open(dir, durability);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        } catch (RocksDBException e) {
            throw new UncheckedIOException(new IOException("cannot open the RocksDB data directory " + dir
                    + ": " + e.getMessage() + " (is another Sluice using it?)", e));
        }
        RocksDbEngine engine = new RocksDbEngine(durability, db, decorate.apply(db::write));
        try {
            engine.load();
        } catch (RocksDBException | RuntimeException e) {
            engine.close();
            throw new UncheckedIOException(new IOException("cannot recover from " + dir + ": " + e.getMessage(), e));
        }
        engine.upkeep.scheduleWithFixedDelay(engine::checkBlobCollection, 1, 1, TimeUnit.MINUTES);
        return engine;
    }

    private void checkBlobCollection() {
        try {
            blobCollection.check();
        } catch (RocksDBException | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "checking the blob files' garbage failed; will try again", e);
            }
        }
    }

    public Durability durability() {
        return durability;
    }

    /** The failure that stopped the engine from writing, or null while it is healthy. */
    public Throwable failure() {
        return committer.failure();
    }

    /**
     * Runs {@code listener} once, on the thread that saw it, when a write or read fails and the
     * engine stops accepting writes (at once if it already has). The server's one escalation path.
     */
    public void onFailure(Consumer<? super Throwable> listener) {
        committer.onFailure(listener);
    }

    @Override
    public List<QueueRecord> queues() {
        return new ArrayList<>(queues.values());
    }

    @Override
    public CompletableFuture<Void> putQueue(QueueRecord queue) {
        queues.put(queue.id(), queue);
        return committer.submit(new Batch().put(Cf.QUEUES, Keys.queue(queue.id()), Codecs.encodeQueue(queue)));
    }

    @Override
    public CompletableFuture<Void> deleteQueue(long queueId) {
        queues.remove(queueId);
        unrecovered.remove(queueId);
        RocksMessageStore store = stores.remove(queueId);
        if (store != null) {
            store.drop();
        }
        return committer.submit(dropQueue(new Batch(), queueId));
    }

    @Override
    public MessageStore openMessages(long queueId, MessageIndex.Ordering ordering, long now) {
        if (closed) {
            throw new IllegalStateException("the RocksDB engine is closed");
        }
        return stores.computeIfAbsent(queueId, id -> {
            if (!unrecovered.remove(id)) {
                return RocksMessageStore.empty(id, ordering, db, committer);
            }
            try {
                return RocksMessageStore.recover(id, ordering, now, db, committer);
            } catch (RocksDBException e) {
                committer.fail(e);
                throw new EngineFailedException(e);
            }
        });
    }

    @Override
    public SortedMap<String, byte[]> records(String namespace) {
        MemoryEngine.checkNamespace(namespace);
        int namespaceBytes = namespace.getBytes(StandardCharsets.UTF_8).length;
        SortedMap<String, byte[]> found = new TreeMap<>();
        try {
            db.scan(Cf.METADATA, Keys.metadata(namespace, ""), Keys.metadataEnd(namespace, ""),
                    (key, value) -> found.put(Keys.metadataKey(key, namespaceBytes), value));
        } catch (RocksDBException e) {
            committer.fail(e);
            throw new EngineFailedException(e);
        }
        return found;
    }

    @Override
    public CompletableFuture<Void> putRecord(String namespace, String key, byte[] value) {
        MemoryEngine.checkNamespace(namespace);
        return committer.submit(new Batch().put(Cf.METADATA, Keys.metadata(namespace, key), value.clone()));
    }

    @Override
    public CompletableFuture<Void> deleteRecord(String namespace, String key) {
        MemoryEngine.checkNamespace(namespace);
        return committer.submit(new Batch().delete(Cf.METADATA, Keys.metadata(namespace, key)));
    }

    @Override
    public CompletableFuture<Void> deleteRecords(String namespace, String keyPrefix) {
        MemoryEngine.checkNamespace(namespace);
        return committer.submit(new Batch().deleteRange(Cf.METADATA, Keys.metadata(namespace, keyPrefix),
                Keys.metadataEnd(namespace, keyPrefix)));
    }

    /**
     * The shard's store, in its own column families ({@link RocksShardStore}): the same one for
     * every call until it is deleted. Opening reads the shard's head, first and last keys only.
     */
    @Override
    public ShardStore openShard(String shardKey) {
        if (closed) {
            throw new IllegalStateException("the RocksDB engine is closed");
        }
        return shards.computeIfAbsent(MemoryEngine.checkShardKey(shardKey), key -> {
            try {
                return RocksShardStore.open(db, committer, tails, key, () -> shards.remove(key));
            } catch (RocksDBException e) {
                committer.fail(e);
                throw new EngineFailedException(e);
            }
        });
    }

    @Override
    public Set<String> shardKeys() {
        Set<String> keys = new HashSet<>(shards.keySet());
        try {
            keys.addAll(db.shardKeysIn(Cf.SHARD_RECORDS));
            keys.addAll(db.shardKeysIn(Cf.SHARD_TIMES));
        } catch (RocksDBException e) {
            committer.fail(e);
            throw new EngineFailedException(e);
        }
        return keys;
    }

    /** The database, for tests. */
    Database database() {
        return db;
    }

    /** The record data the shard stores hold in memory in their tails, for tests. */
    long tailBytes() {
        return tails.used();
    }

    /** Flushes the memtables, whose memory RocksDB frees once they are in table files. */
    @Override
    public void releaseIdleMemory() {
        if (closed || committer.failure() != null) {
            return;
        }
        try {
            db.flush();
        } catch (RocksDBException | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "flushing RocksDB's memtables while idle failed", e);
            }
        }
    }

    /**
     * Stops accepting writes, writes everything accepted, flushes memtables and the WAL, closes.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        upkeep.shutdownNow();
        committer.close();
        if (committer.failure() == null) {
            try {
                db.flush();
            } catch (RocksDBException | RuntimeException e) {
                LOG.log(Level.WARNING, "flushing RocksDB on close failed; the WAL will be replayed on the next start", e);
            }
        }
        db.close();
    }

    /** Loads the queue records, and sweeps keys left behind by queues that no longer exist. */
    private void load() throws RocksDBException {
        db.scan(Cf.QUEUES, new byte[0], Keys.end(-1L), (key, value) -> {
            QueueRecord queue = Codecs.decodeQueue(value);
            queues.put(queue.id(), queue);
        });
        unrecovered.addAll(queues.keySet());
        Batch sweep = new Batch();
        for (Cf cf : List.of(Cf.STATE, Cf.PAYLOADS, Cf.RECORDS)) {
            for (long queueId : db.queueIdsIn(cf)) {
                if (!queues.containsKey(queueId)) {
                    sweep.deleteRange(cf, Keys.queue(queueId), Keys.end(queueId));
                }
            }
        }
        if (!sweep.isEmpty()) {
            committer.submit(sweep).join();
        }
        if (db.formatAtOpen() < Keys.FORMAT_VERSION) {
            int moved = ShardLayoutMigration.run(db, committer);
            if (moved > 0) {
                db.flush(); // the moved shards are on disk before the stamp says so, whatever the durability
            }
            db.stampFormat();
            if (moved > 0) {
                LOG.log(Level.INFO, "storage format {0} → {1}: moved {2} Kinesis shards to their own column families",
                        db.formatAtOpen(), Keys.FORMAT_VERSION, moved);
            }
        }
    }

    private static Batch dropQueue(Batch batch, long queueId) {
        byte[] from = Keys.queue(queueId);
        byte[] to = Keys.end(queueId);
        return batch.delete(Cf.QUEUES, from)
                .deleteRange(Cf.STATE, from, to)
                .deleteRange(Cf.PAYLOADS, from, to)
                .deleteRange(Cf.RECORDS, from, to);
    }
}
