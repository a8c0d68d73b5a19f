package sluice.storage.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;
import sluice.core.storage.PositionedRecords;
import sluice.core.storage.ShardStore;
import sluice.core.storage.Written;
import sluice.storage.rocksdb.Batch.Cf;

/**
 * One Kinesis shard in RocksDB (layout: {@link ShardKeys}, values: {@link ShardCodecs}). Only
 * small state lives in memory: the first and next positions, the arrival time of the first record,
 * the time-index entry appends may still extend, and a bounded tail of recent records.
 *
 * <p>What must always hold:
 * <ul>
 *   <li>an append is one batch (records and its time-index entry), so one group commit makes it
 *       durable or not at all; batches are submitted in lane order, so RocksDB always holds a
 *       prefix of what was appended, minus trimmed ranges;</li>
 *   <li>{@code tail} ends at {@code next} and holds every record not yet written (positions at or
 *       above {@code written}), plus at most {@link #TAIL_RECORDS} / {@link #TAIL_BYTES} written
 *       ones for readers at the tip, fewer while the engine's {@link TailBudget} is spent; a read
 *       returns only written records, so nothing is visible before it is durable;</li>
 *   <li>a time-index entry {@code (t, p) → (tLast, n)} says records {@code [p, p + n)} arrived in
 *       {@code [t, tLast]}; entries cover every record except a front left by a trim that cut
 *       through an entry (trims delete entries by time), so AT_TIMESTAMP is a seek plus a scan of
 *       at most one entry ({@link #ENTRY_RECORDS} records, {@link #ENTRY_BYTES} bytes, or one
 *       append);</li>
 *   <li>{@code next} never goes back: the head key holds it from every trim, and recovery takes
 *       the greater of the head and the last record key plus one;</li>
 *   <li>once deleted, the store writes nothing more.</li>
 * </ul>
 * Confined to the lane that owns the shard, except {@code written}, which the committer advances.
 */
final class RocksShardStore implements ShardStore {
    static final int TAIL_RECORDS = 1000;
    static final long TAIL_BYTES = 1024 * 1024;
    /** The engine-wide limit on tail data ({@link TailBudget}). */
    static final long TAIL_BUDGET_BYTES = 64L * 1024 * 1024;
    static final int ENTRY_RECORDS = 1000;
    static final long ENTRY_BYTES = 1024 * 1024;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Database db;
    private final GroupCommitter committer;
    private final ShardKeys keys;
    private final Runnable onDelete;
    private final PositionedRecords tail;
    private final TailBudget budget;
    /** The tail bytes this store has counted in {@code budget}. */
    private long counted;
    private long first;
    private long next;
    /** When the record at {@code first} arrived; meaningful while {@code first < next}. */
    private long firstArrivedAt;
    /** Every position below this is in RocksDB. */
    private volatile long written;
    /** The time-index entry the next append may extend, or null. */
    private OpenEntry open;
    private boolean dropped;

    /** The time-index entry last written, as appends extend it. */
    private record OpenEntry(long firstArrivedAt, long firstPosition, int count, long bytes) {
    }

    private RocksShardStore(Database db, GroupCommitter committer, TailBudget budget, ShardKeys keys, Runnable onDelete,
                            long first, long firstArrivedAt, long next) {
        this.db = db;
        this.committer = committer;
        this.budget = budget;
        this.keys = keys;
        this.onDelete = onDelete;
        this.first = first;
        this.firstArrivedAt = firstArrivedAt;
        this.next = next;
        this.written = next;
        this.tail = new PositionedRecords(next);
    }

    /**
     * Opens a shard from its head, first and last keys; no other record is read. {@code onDelete}
     * runs once a {@link #delete} is durable.
     */
    static RocksShardStore open(Database db, GroupCommitter committer, TailBudget budget, String shardKey, Runnable onDelete)
            throws RocksDBException {
        ShardKeys keys = new ShardKeys(shardKey);
        byte[] head = db.get(Cf.SHARD_RECORDS, keys.head());
        long next = head == null ? 0 : ShardCodecs.decodeHead(head);
        Database.Entry firstRecord = db.first(Cf.SHARD_RECORDS, keys.record(0), keys.end());
        Database.Entry lastRecord = db.last(Cf.SHARD_RECORDS, keys.record(0), keys.lastRecord());
        if (lastRecord != null) {
            next = Math.max(next, keys.position(lastRecord.key()) + 1);
        }
        long first = firstRecord == null ? next : keys.position(firstRecord.key());
        long firstArrivedAt = firstRecord == null ? 0 : ShardCodecs.recordArrivedAt(firstRecord.value());
        return new RocksShardStore(db, committer, budget, keys, onDelete, first, firstArrivedAt, next);
    }

    @Override
    public Written<List<Long>> append(List<NewRecord> records) {
        if (records.isEmpty()) {
            return Written.alreadyDurable(List.of());
        }
        Batch batch = new Batch();
        List<Long> positions = new ArrayList<>(records.size());
        long bytes = 0;
        if (first == next) {
            firstArrivedAt = records.getFirst().arrivedAt();
        }
        for (NewRecord r : records) {
            long position = next++;
            positions.add(position);
            tail.add(new StoredRecord(position, r.arrivedAt(), r.partitionKey(), r.data()));
            batch.put(Cf.SHARD_RECORDS, keys.record(position), ShardCodecs.encodeRecordHead(r), r.data());
            bytes += r.data().length;
        }
        index(batch, records, positions.getFirst(), bytes);
        long end = next;
        CompletableFuture<Void> durable = write(batch).thenRun(() -> written = end);
        shrinkTail();
        return new Written<>(positions, durable);
    }

    /** Extends the open time-index entry with this append, or starts a new one. */
    private void index(Batch batch, List<NewRecord> records, long firstPosition, long bytes) {
        OpenEntry e = open;
        if (e == null || e.count() + records.size() > ENTRY_RECORDS || e.bytes() + bytes > ENTRY_BYTES) {
            e = new OpenEntry(records.getFirst().arrivedAt(), firstPosition, records.size(), bytes);
        } else {
            e = new OpenEntry(e.firstArrivedAt(), e.firstPosition(), e.count() + records.size(), e.bytes() + bytes);
        }
        open = e;
        batch.put(Cf.SHARD_TIMES, keys.time(e.firstArrivedAt(), e.firstPosition()),
                ShardCodecs.encodeTime(records.getLast().arrivedAt(), e.count()));
    }

    /** Drops written records from the front of the tail while it is over its bounds or the engine's budget. */
    private void shrinkTail() {
        long writtenNow = written;
        while ((tail.size() > TAIL_RECORDS || tail.bytes() > TAIL_BYTES || budget.over()) && tail.start() < writtenNow) {
            tail.dropFirst();
            account();
        }
        account();
    }

    /** Counts the tail's change since the last call in the engine's budget. */
    private void account() {
        budget.add(tail.bytes() - counted);
        counted = tail.bytes();
    }

    @Override
    public Read read(long from, int limit, long maxBytes) {
        shrinkTail();
        PositionedRecords.ReadLimits limits = new PositionedRecords.ReadLimits(limit, maxBytes);
        long readable = Math.min(next, written);
        long at = Math.max(from, first);
        long fromDisk = Math.min(readable, tail.start());
        if (at < fromDisk) {
            at = readDisk(at, fromDisk, limits);
        }
        if (!limits.full() && at >= tail.start()) {
            at = tail.readInto(at, readable, limits);
        }
        return new Read(limits.taken(), at);
    }

    /** Reads records {@code [from, to)} from RocksDB into {@code limits}; returns the position after the last taken. */
    private long readDisk(long from, long to, PositionedRecords.ReadLimits limits) {
        long[] at = {from};
        try {
            db.scanWhile(Cf.SHARD_RECORDS, keys.record(from), keys.record(to), (key, value) -> {
                long position = keys.position(key);
                if (position != at[0] || !limits.offer(ShardCodecs.decodeRecord(position, value))) {
                    return false;
                }
                at[0]++;
                return true;
            });
        } catch (RocksDBException e) {
            throw failed(e);
        }
        return at[0];
    }

    @Override
    public long positionAt(long timestamp) {
        if (first >= next || timestamp <= firstArrivedAt) {
            return first;
        }
        StoredRecord tailFirst = tail.get(tail.start());
        if (tailFirst != null && tailFirst.arrivedAt() < timestamp) {
            return Math.max(first, tail.firstAtOrAfter(timestamp));
        }
        return Math.max(first, diskPositionAt(timestamp, tail.start()));
    }

    /** The first position below {@code limit} whose record arrived at or after {@code timestamp}, else {@code limit}. */
    private long diskPositionAt(long timestamp, long limit) {
        try {
            Database.Entry entry = db.last(Cf.SHARD_TIMES, keys.head(), keys.time(timestamp - 1, -1L));
            long scanFrom = first;
            if (entry != null) {
                long entryFirst = keys.timePosition(entry.key());
                ShardCodecs.TimeEntry covered = ShardCodecs.decodeTime(entry.value());
                long entryEnd = entryFirst + covered.count();
                if (entryEnd > first) {
                    if (covered.lastArrivedAt() < timestamp) {
                        return Math.min(entryEnd, limit);
                    }
                    scanFrom = Math.max(entryFirst, first);
                }
            }
            long[] found = {limit};
            db.scanWhile(Cf.SHARD_RECORDS, keys.record(scanFrom), keys.record(limit), (key, value) -> {
                if (ShardCodecs.recordArrivedAt(value) >= timestamp) {
                    found[0] = keys.position(key);
                    return false;
                }
                return true;
            });
            return found[0];
        } catch (RocksDBException e) {
            throw failed(e);
        }
    }

    @Override
    public long firstPosition() {
        return first;
    }

    @Override
    public long nextPosition() {
        return next;
    }

    @Override
    public long arrivedAt(long position) {
        if (position < first || position >= next) {
            return -1;
        }
        StoredRecord inTail = tail.get(position);
        if (inTail != null) {
            return inTail.arrivedAt();
        }
        try {
            byte[] value = db.get(Cf.SHARD_RECORDS, keys.record(position));
            return value == null ? -1 : ShardCodecs.recordArrivedAt(value);
        } catch (RocksDBException e) {
            throw failed(e);
        }
    }

    @Override
    public Written<Integer> trim(long arrivedBefore) {
        if (first >= next || firstArrivedAt >= arrivedBefore) {
            return Written.alreadyDurable(0);
        }
        long to = positionAt(arrivedBefore);
        int removed = (int) Math.min(Integer.MAX_VALUE, to - first);
        Batch batch = new Batch()
                .deleteRange(Cf.SHARD_RECORDS, keys.record(first), keys.record(to))
                .deleteRange(Cf.SHARD_TIMES, keys.head(), keys.time(arrivedBefore, 0))
                .put(Cf.SHARD_RECORDS, keys.head(), ShardCodecs.encodeHead(next));
        if (to < next) {
            firstArrivedAt = arrivedAt(to);
        }
        first = to;
        tail.dropBefore(to);
        account();
        if (open != null && open.firstArrivedAt() < arrivedBefore) {
            open = null;
        }
        return new Written<>(removed, write(batch));
    }

    @Override
    public CompletableFuture<Void> delete() {
        CompletableFuture<Void> deleted = write(new Batch()
                .deleteRange(Cf.SHARD_RECORDS, keys.head(), keys.end())
                .deleteRange(Cf.SHARD_TIMES, keys.head(), keys.end()));
        dropped = true;
        tail.clear(next);
        account();
        first = next;
        open = null;
        // forgotten by the engine only once the range deletes are written, so a store opened
        // again for the same key cannot recover what they are about to delete
        return deleted.thenRun(onDelete);
    }

    private CompletableFuture<Void> write(Batch batch) {
        return dropped ? DONE : committer.submit(batch);
    }

    private EngineFailedException failed(RocksDBException e) {
        committer.fail(e);
        return new EngineFailedException(e);
    }
}
