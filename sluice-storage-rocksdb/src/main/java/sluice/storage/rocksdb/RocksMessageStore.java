package sluice.storage.rocksdb;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.RocksDBException;
import sluice.core.storage.ClaimedMessage;
import sluice.core.storage.MessageCounts;
import sluice.core.storage.MessageIndex;
import sluice.core.storage.MessageStore;
import sluice.core.storage.NewMessage;
import sluice.core.storage.Written;
import sluice.storage.rocksdb.Batch.Cf;
import sluice.storage.rocksdb.Codecs.MessageState;

/**
 * One queue's messages: the shared {@link MessageIndex} in memory; payloads, receive state and the
 * queue's head in RocksDB. Confined to the queue's lane, except {@link #unwritten} and
 * {@link #dropped}, which the committer thread and the engine touch.
 *
 * <p>What must always hold:
 * <ul>
 *   <li>each call decides in the index first, then submits the matching batch in the same call, so
 *       the committer writes in the lane's order (a claim or delete never lands before the append
 *       it refers to);</li>
 *   <li>every index entry has a {@code state} and a {@code payloads} key, written or queued; a
 *       payload stays in {@link #unwritten} from its append until that write has returned, so a
 *       claim finds it there or, once removed, in RocksDB;</li>
 *   <li>a receiver is answered only after its claim is durable, and the claim is queued behind the
 *       append: no message is handed out as received before it is durably sent;</li>
 *   <li>the head (last seq) is rewritten by every append, so {@link #lastSeq} survives a restart
 *       even when every message is gone;</li>
 *   <li>once the queue is dropped (deleted), the store writes nothing more.</li>
 * </ul>
 */
final class RocksMessageStore implements MessageStore {
    private static final System.Logger LOG = System.getLogger(RocksMessageStore.class.getName());
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final long queueId;
    private final Database db;
    private final GroupCommitter committer;
    private final MessageIndex index;
    private final Map<Long, byte[]> unwritten = new ConcurrentHashMap<>();
    private final Map<String, byte[]> records = new java.util.HashMap<>();
    private long head;
    private volatile boolean dropped;

    private RocksMessageStore(long queueId, MessageIndex.Ordering ordering, Database db, GroupCommitter committer) {
        this.queueId = queueId;
        this.index = new MessageIndex(ordering);
        this.db = db;
        this.committer = committer;
    }

    /** A store for a queue that has nothing stored yet (created since the engine opened). */
    static RocksMessageStore empty(long queueId, MessageIndex.Ordering ordering, Database db, GroupCommitter committer) {
        return new RocksMessageStore(queueId, ordering, db, committer);
    }

    /**
     * Rebuilds a queue's index from its {@code state} keys: every message is visible at its
     * availability time, received ones at once (so in-flight ones are visible again), and receive
     * counts are kept. Payloads are not read.
     */
    static RocksMessageStore recover(long queueId, MessageIndex.Ordering ordering, long now, Database db,
                                     GroupCommitter committer) throws RocksDBException {
        RocksMessageStore store = new RocksMessageStore(queueId, ordering, db, committer);
        db.scan(Cf.RECORDS, Keys.queue(queueId), Keys.end(queueId),
                (key, value) -> store.records.put(Keys.recordName(key), value));
        db.scan(Cf.STATE, Keys.queue(queueId), Keys.end(queueId), (key, value) -> {
            if (key.length == Keys.QUEUE_KEY_LENGTH) {
                store.head = Codecs.decodeHead(value);
                return;
            }
            MessageState s = Codecs.decodeState(value);
            long visibleAt = s.receiveCount() > 0 ? Math.min(s.availableAt(), now) : s.availableAt();
            store.index.add(Keys.seq(key), s.sentAt(), visibleAt, s.receiveCount(), s.firstReceivedAt(), s.groupId(), now);
        });
        return store;
    }

    /** The queue was deleted: later calls change memory only and write nothing. */
    void drop() {
        dropped = true;
        unwritten.clear();
    }

    @Override
    public CompletableFuture<Void> append(List<NewMessage> messages) {
        if (messages.isEmpty()) {
            return DONE;
        }
        Batch batch = new Batch();
        List<Long> seqs = new ArrayList<>(messages.size());
        for (NewMessage m : messages) {
            byte[] key = Keys.message(queueId, m.seq());
            batch.put(Cf.PAYLOADS, key, m.payload());
            batch.put(Cf.STATE, key, Codecs.encodeState(m.sentAt(), m.availableAt(), 0, 0, m.groupId()));
            index.add(m.seq(), m.sentAt(), m.availableAt(), 0, 0, m.groupId(), m.sentAt());
            unwritten.put(m.seq(), m.payload());
            seqs.add(m.seq());
        }
        head = Math.max(head, index.lastSeq());
        batch.put(Cf.STATE, Keys.queue(queueId), Codecs.encodeHead(head));
        CompletableFuture<Void> written = write(batch);
        written.whenComplete((ok, error) -> seqs.forEach(unwritten::remove));
        return written;
    }

    @Override
    public Written<List<ClaimedMessage>> claim(int max, long now, long invisibleUntil) {
        List<MessageIndex.Entry> entries = index.claim(max, now, invisibleUntil);
        if (entries.isEmpty()) {
            return Written.alreadyDurable(List.of());
        }
        byte[][] payloads = payloadsOf(entries);
        Batch batch = new Batch();
        List<ClaimedMessage> claimed = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            MessageIndex.Entry e = entries.get(i);
            byte[] key = Keys.message(queueId, e.seq());
            if (payloads[i] == null) {
                if (!dropped) {
                    LOG.log(Level.WARNING, "queue {0}: message {1} has no payload on disk; dropping it", queueId, e.seq());
                }
                index.remove(e.seq());
                batch.delete(Cf.STATE, key);
                continue;
            }
            batch.put(Cf.STATE, key, Codecs.encodeState(e.sentAt(), now, e.receiveCount(), e.firstReceivedAt(), e.groupId()));
            claimed.add(new ClaimedMessage(e.seq(), e.receiveCount(), e.firstReceivedAt(), payloads[i]));
        }
        return new Written<>(claimed, write(batch));
    }

    @Override
    public Written<DeleteOutcome> delete(long seq, int receiveCount) {
        MessageIndex.Entry entry = index.get(seq);
        if (entry == null) {
            return new Written<>(DeleteOutcome.NO_SUCH_MESSAGE, committer.barrier());
        }
        if (entry.receiveCount() != receiveCount) {
            return new Written<>(DeleteOutcome.STALE_RECEIPT, committer.barrier());
        }
        index.remove(seq);
        unwritten.remove(seq);
        byte[] key = Keys.message(queueId, seq);
        return new Written<>(DeleteOutcome.DELETED, write(new Batch().delete(Cf.STATE, key).delete(Cf.PAYLOADS, key)));
    }

    @Override
    public VisibilityOutcome changeVisibility(long seq, int receiveCount, long now, long invisibleUntil) {
        return index.changeVisibility(seq, receiveCount, now, invisibleUntil);
    }

    @Override
    public void redelay(long delayMillis, long now) {
        index.redelay(delayMillis, now);
    }

    @Override
    public CompletableFuture<Void> purge() {
        index.clear();
        unwritten.clear();
        byte[] from = Keys.firstMessage(queueId);
        byte[] to = Keys.end(queueId);
        return write(new Batch().deleteRange(Cf.STATE, from, to).deleteRange(Cf.PAYLOADS, from, to));
    }

    @Override
    public Written<Integer> expire(long sentBefore) {
        List<Long> removed = index.expire(sentBefore);
        if (removed.isEmpty()) {
            return Written.alreadyDurable(0);
        }
        Batch batch = new Batch();
        for (long seq : removed) {
            unwritten.remove(seq);
            byte[] key = Keys.message(queueId, seq);
            batch.delete(Cf.STATE, key).delete(Cf.PAYLOADS, key);
        }
        return new Written<>(removed.size(), write(batch));
    }

    @Override
    public Map<String, byte[]> records() {
        return java.util.Collections.unmodifiableMap(records);
    }

    @Override
    public CompletableFuture<Void> putRecord(String name, byte[] value) {
        records.put(name, value);
        return write(new Batch().put(Cf.RECORDS, Keys.record(queueId, name), value));
    }

    @Override
    public CompletableFuture<Void> deleteRecord(String name) {
        records.remove(name);
        return write(new Batch().delete(Cf.RECORDS, Keys.record(queueId, name)));
    }

    @Override
    public MessageCounts counts(long now) {
        return index.counts(now);
    }

    @Override
    public long nextVisibleAt(long now) {
        return index.nextVisibleAt(now);
    }

    @Override
    public long lastSeq() {
        return Math.max(head, index.lastSeq());
    }

    private CompletableFuture<Void> write(Batch batch) {
        return dropped || batch.isEmpty() ? DONE : committer.submit(batch);
    }

    /** The payloads of claimed entries: from {@link #unwritten} when still there, else one multi-get. */
    private byte[][] payloadsOf(List<MessageIndex.Entry> entries) {
        byte[][] payloads = new byte[entries.size()][];
        List<Integer> missing = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            long seq = entries.get(i).seq();
            payloads[i] = unwritten.get(seq);
            if (payloads[i] == null) {
                missing.add(i);
                keys.add(Keys.message(queueId, seq));
            }
        }
        if (keys.isEmpty()) {
            return payloads;
        }
        try {
            List<byte[]> read = db.getAll(Cf.PAYLOADS, keys);
            for (int j = 0; j < missing.size(); j++) {
                payloads[missing.get(j)] = read.get(j);
            }
            return payloads;
        } catch (RocksDBException e) {
            committer.fail(e);
            throw new EngineFailedException(e);
        }
    }
}
