package sluice.storage.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.Slice;
import org.rocksdb.TablePropertiesCollectorFactory;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import sluice.storage.rocksdb.Batch.Cf;

/**
 * The RocksDB instance, its column families and every native object they need, tuned for a small
 * machine (two cores, a few hundred MiB): 32 MiB of memtables in all, a 32 MiB block cache that
 * also holds index and filter blocks, bloom filters for the point reads of claims, two background
 * jobs, LZ4 below level 1, early compaction of files dense with deletes.
 *
 * <p>What must always hold: no native call is made on a closed handle. Reads hold the read lock
 * and check {@code closed}; {@link #close} takes the write lock, so it waits for reads in progress,
 * and closes column families, then the database, then the options, cache and filter they use.
 */
final class Database implements Batch.Handles, AutoCloseable {
    private static final long MiB = 1024 * 1024;
    /** Kinesis record values this large or larger go to blob files ({@link BlobCollection}). */
    static final long BLOB_MIN_BYTES = 1024;
    /** Each writing thread's buffer for two-part values (in practice the committer's alone). */
    private static final ThreadLocal<Batch.Scratch> SCRATCH = ThreadLocal.withInitial(Batch.Scratch::new);

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final Map<Cf, ColumnFamilyHandle> handles;
    private final List<ColumnFamilyHandle> allHandles;
    private final WriteOptions writeOptions;
    /** Native objects to close after the database, in order. */
    private final List<RocksObject> resources;
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private boolean closed;
    private int formatAtOpen;

    private Database(RocksDB db, Map<Cf, ColumnFamilyHandle> handles, List<ColumnFamilyHandle> allHandles,
                     WriteOptions writeOptions, List<RocksObject> resources) {
        this.db = db;
        this.handles = handles;
        this.allHandles = allHandles;
        this.writeOptions = writeOptions;
        this.resources = resources;
    }

    static Database open(Path dir, Durability durability) throws RocksDBException {
        List<RocksObject> resources = new ArrayList<>();
        try {
            Cache cache = track(resources, new LRUCache(32 * MiB));
            BloomFilter bloom = track(resources, new BloomFilter(10));
            DBOptions options = track(resources, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(2)
                    .setAllowConcurrentMemtableWrite(true)
                    .setDbWriteBufferSize(32 * MiB)
                    .setMaxTotalWalSize(128 * MiB)
                    .setBytesPerSync(MiB)
                    .setAtomicFlush(durability == Durability.NONE)
                    .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                    .setMaxLogFileSize(4 * MiB)
                    .setKeepLogFileNum(3));
            // Queues delete most of what they write: files dense with tombstones get compacted early,
            // so recovery scans and claims do not wade through them.
            TablePropertiesCollectorFactory tombstones = track(resources,
                    TablePropertiesCollectorFactory.NewCompactOnDeletionCollectorFactory(16_384, 8_192, 0.5));
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, track(resources, family(cache, bloom, 4, 4, null))),
                    new ColumnFamilyDescriptor(name(Cf.QUEUES), track(resources, family(cache, bloom, 4, 4, null))),
                    new ColumnFamilyDescriptor(name(Cf.STATE), track(resources, family(cache, bloom, 8, 4, tombstones))),
                    new ColumnFamilyDescriptor(name(Cf.PAYLOADS), track(resources, family(cache, bloom, 16, 16, tombstones))),
                    new ColumnFamilyDescriptor(name(Cf.RECORDS), track(resources, family(cache, bloom, 8, 4, tombstones))),
                    new ColumnFamilyDescriptor(name(Cf.METADATA), track(resources, family(cache, bloom, 4, 4, null))),
                    // Kinesis shards: appended in order, read by iterator, trimmed by range deletes
                    new ColumnFamilyDescriptor(name(Cf.SHARD_RECORDS), track(resources, family(cache, bloom, 16, 16, null)
                            .setEnableBlobFiles(true).setMinBlobSize(BLOB_MIN_BYTES).setBlobFileSize(256 * MiB))),
                    new ColumnFamilyDescriptor(name(Cf.SHARD_TIMES), track(resources, family(cache, bloom, 4, 4, null))));
            List<ColumnFamilyHandle> all = new ArrayList<>();
            RocksDB db = RocksDB.open(options, dir.toString(), descriptors, all);
            Map<Cf, ColumnFamilyHandle> handles = new EnumMap<>(Cf.class);
            handles.put(Cf.QUEUES, all.get(1));
            handles.put(Cf.STATE, all.get(2));
            handles.put(Cf.PAYLOADS, all.get(3));
            handles.put(Cf.RECORDS, all.get(4));
            handles.put(Cf.METADATA, all.get(5));
            handles.put(Cf.SHARD_RECORDS, all.get(6));
            handles.put(Cf.SHARD_TIMES, all.get(7));
            WriteOptions writeOptions = track(resources, new WriteOptions()
                    .setSync(durability == Durability.FSYNC)
                    .setDisableWAL(durability == Durability.NONE));
            Database database = new Database(db, handles, all, writeOptions, resources);
            try {
                database.checkFormat();
            } catch (RocksDBException | RuntimeException e) {
                database.close();
                throw e;
            }
            return database;
        } catch (RocksDBException | RuntimeException e) {
            resources.forEach(RocksObject::close);
            throw e;
        }
    }

    private static ColumnFamilyOptions family(Cache cache, BloomFilter bloom, long memtableMiB, long blockKiB,
                                              TablePropertiesCollectorFactory collector) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(bloom)
                .setBlockSize(blockKiB * 1024)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        List<CompressionType> perLevel = new ArrayList<>();
        for (int level = 0; level < 7; level++) {
            perLevel.add(level < 2 ? CompressionType.NO_COMPRESSION : CompressionType.LZ4_COMPRESSION);
        }
        return base(collector)
                .setWriteBufferSize(memtableMiB * MiB)
                .setMaxWriteBufferNumber(2)
                .setLevelCompactionDynamicLevelBytes(true)
                .setCompressionPerLevel(perLevel)
                .setTableFormatConfig(table);
    }

    /** RocksJava sets collector factories only on {@link Options}, so those options are copied. */
    private static ColumnFamilyOptions base(TablePropertiesCollectorFactory collector) {
        if (collector == null) {
            return new ColumnFamilyOptions();
        }
        try (Options options = new Options()) {
            options.setTablePropertiesCollectorFactory(List.of(collector));
            return new ColumnFamilyOptions(options);
        }
    }

    private static byte[] name(Cf cf) {
        return cf.name().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    private static <T extends RocksObject> T track(List<RocksObject> resources, T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * Stamps a new directory with the format version; remembers an older format it knows (the
     * engine migrates it, then {@linkplain #stampFormat stamps} the current one); refuses one
     * written in a format it does not know. Format 1 → 2 added the {@code metadata} column family,
     * 2 → 3 the {@code shard_records} and {@code shard_times} families, which RocksDB created
     * (empty) when the directory was opened.
     */
    private void checkFormat() throws RocksDBException {
        byte[] found = db.get(Keys.FORMAT_KEY);
        if (found == null) {
            stampFormat();
            formatAtOpen = Keys.FORMAT_VERSION;
            return;
        }
        long version = Codecs.decodeHead(found);
        if (version < 1 || version > Keys.FORMAT_VERSION) {
            throw new IllegalStateException("the data directory has storage format " + version
                    + " and this build reads formats 1 to " + Keys.FORMAT_VERSION + "; use a matching Sluice version");
        }
        formatAtOpen = (int) version;
    }

    /** The storage format the directory had when it was opened (before any migration). */
    int formatAtOpen() {
        return formatAtOpen;
    }

    /** Records, synced, that the directory now holds the current format. */
    void stampFormat() throws RocksDBException {
        stampFormat(Keys.FORMAT_VERSION);
    }

    /** Records, synced, that the directory holds {@code version} (tests write old formats with it). */
    void stampFormat(int version) throws RocksDBException {
        try (WriteOptions sync = new WriteOptions().setSync(true)) {
            db.put(sync, Keys.FORMAT_KEY, Codecs.encodeHead(version));
        }
    }

    @Override
    public ColumnFamilyHandle handle(Cf cf) {
        return handles.get(cf);
    }

    /** Writes batches atomically, in order, with the engine's durability. */
    void write(List<Batch> batches) throws RocksDBException {
        readLock();
        try (WriteBatch batch = new WriteBatch()) {
            Batch.Scratch scratch = SCRATCH.get();
            for (Batch b : batches) {
                b.applyTo(batch, this, scratch);
            }
            db.write(writeOptions, batch);
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** Point reads of several keys in one call; a missing key reads as null. */
    List<byte[]> getAll(Cf cf, List<byte[]> keys) throws RocksDBException {
        readLock();
        try {
            if (keys.size() == 1) {
                List<byte[]> one = new ArrayList<>(1);
                one.add(db.get(handle(cf), keys.get(0)));
                return one;
            }
            List<ColumnFamilyHandle> cfs = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                cfs.add(handle(cf));
            }
            return db.multiGetAsList(cfs, keys);
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** Receives each key and value of a scan. */
    interface Visitor {
        void visit(byte[] key, byte[] value);
    }

    /** Visits every entry in {@code [from, to)} in key order, without filling the block cache. */
    void scan(Cf cf, byte[] from, byte[] to, Visitor visitor) throws RocksDBException {
        readLock();
        try (Slice upper = new Slice(to);
             ReadOptions options = new ReadOptions().setIterateUpperBound(upper).setFillCache(false);
             RocksIterator it = db.newIterator(handle(cf), options)) {
            for (it.seek(from); it.isValid(); it.next()) {
                visitor.visit(it.key(), it.value());
            }
            it.status();
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** Receives each key and value of a scan, and says whether to go on. */
    interface StoppingVisitor {
        boolean visit(byte[] key, byte[] value);
    }

    /** Visits the entries in {@code [from, to)} in key order until the visitor says stop. */
    void scanWhile(Cf cf, byte[] from, byte[] to, StoppingVisitor visitor) throws RocksDBException {
        readLock();
        try (Slice upper = new Slice(to);
             ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(handle(cf), options)) {
            for (it.seek(from); it.isValid(); it.next()) {
                if (!visitor.visit(it.key(), it.value())) {
                    break;
                }
            }
            it.status();
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** A key and its value. */
    record Entry(byte[] key, byte[] value) {
    }

    /** The entry with the greatest key in {@code [from, atMost]}, or null when there is none. */
    Entry last(Cf cf, byte[] from, byte[] atMost) throws RocksDBException {
        readLock();
        try (Slice lower = new Slice(from);
             ReadOptions options = new ReadOptions().setIterateLowerBound(lower);
             RocksIterator it = db.newIterator(handle(cf), options)) {
            it.seekForPrev(atMost);
            Entry found = it.isValid() ? new Entry(it.key(), it.value()) : null;
            it.status();
            return found;
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** The entry with the smallest key in {@code [from, to)}, or null when there is none. */
    Entry first(Cf cf, byte[] from, byte[] to) throws RocksDBException {
        Entry[] found = new Entry[1];
        scanWhile(cf, from, to, (key, value) -> {
            found[0] = new Entry(key, value);
            return false;
        });
        return found[0];
    }

    /** The value of one key, or null. */
    byte[] get(Cf cf, byte[] key) throws RocksDBException {
        readLock();
        try {
            return db.get(handle(cf), key);
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** The Kinesis shard keys that own at least one key in {@code cf} ({@link ShardKeys}): one seek per shard. */
    Set<String> shardKeysIn(Cf cf) throws RocksDBException {
        readLock();
        Set<String> found = new HashSet<>();
        try (RocksIterator it = db.newIterator(handle(cf))) {
            for (it.seekToFirst(); it.isValid(); ) {
                String shardKey = ShardKeys.shardKeyOf(it.key());
                if (shardKey == null) {
                    it.next();
                    continue;
                }
                found.add(shardKey);
                it.seek(new ShardKeys(shardKey).end());
            }
            it.status();
        } finally {
            closeLock.readLock().unlock();
        }
        return found;
    }

    /** The ids of the queues that own at least one key in {@code cf}: one seek per queue. */
    List<Long> queueIdsIn(Cf cf) throws RocksDBException {
        readLock();
        List<Long> ids = new ArrayList<>();
        try (RocksIterator it = db.newIterator(handle(cf))) {
            for (it.seekToFirst(); it.isValid(); ) {
                byte[] key = it.key();
                if (key.length < Keys.QUEUE_KEY_LENGTH) {
                    it.next();
                    continue;
                }
                long queueId = Keys.queueId(key);
                ids.add(queueId);
                it.seek(Keys.end(queueId));
            }
            it.status();
        } finally {
            closeLock.readLock().unlock();
        }
        return ids;
    }

    /** A RocksDB integer property of one column family. */
    long longProperty(Cf cf, String name) throws RocksDBException {
        readLock();
        try {
            return db.getLongProperty(handle(cf), name);
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** Turns blob garbage collection of a column family on or off ({@link BlobCollection}). */
    void setBlobCollection(Cf cf, boolean on) throws RocksDBException {
        readLock();
        try {
            db.setOptions(handle(cf), MutableColumnFamilyOptions.builder()
                    .setEnableBlobGarbageCollection(on)
                    .setBlobGarbageCollectionForceThreshold(on ? BlobCollection.STOP_RATIO : 1.0)
                    .build());
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** Compacts all of a column family (tests: makes dropped keys release their blob files). */
    void compact(Cf cf) throws RocksDBException {
        readLock();
        try {
            db.compactRange(handle(cf));
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** Flushes the WAL (synced) and every memtable, so a reopen replays nothing. */
    void flush() throws RocksDBException {
        readLock();
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            db.flush(options, allHandles);
            db.flushWal(true);
        } finally {
            closeLock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            allHandles.forEach(ColumnFamilyHandle::close);
            try {
                db.closeE();
            } catch (RocksDBException e) {
                System.getLogger(Database.class.getName()).log(System.Logger.Level.WARNING, "closing RocksDB failed", e);
            }
            resources.forEach(RocksObject::close);
        } finally {
            closeLock.writeLock().unlock();
        }
    }

    private void readLock() {
        closeLock.readLock().lock();
        if (closed) {
            closeLock.readLock().unlock();
            throw new IllegalStateException("the RocksDB engine is closed");
        }
    }
}
