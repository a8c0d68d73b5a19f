package sluice.core.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The reference engine: everything in memory, nothing survives a restart ({@code durability: none}).
 * Used for tests and development, and as the model every other engine's contract tests compare to.
 */
public final class MemoryEngine implements StorageEngine {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<Long, QueueRecord> queues = new ConcurrentHashMap<>();
    private final Map<Long, MemoryMessageStore> stores = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<String, byte[]>> records = new ConcurrentHashMap<>();
    private final Map<String, MemoryShardStore> shards = new ConcurrentHashMap<>();

    @Override
    public List<QueueRecord> queues() {
        return new ArrayList<>(queues.values());
    }

    @Override
    public CompletableFuture<Void> putQueue(QueueRecord queue) {
        queues.put(queue.id(), queue);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> deleteQueue(long queueId) {
        queues.remove(queueId);
        stores.remove(queueId);
        return DONE;
    }

    @Override
    public MessageStore openMessages(long queueId, MessageIndex.Ordering ordering, long now) {
        return stores.computeIfAbsent(queueId, id -> new MemoryMessageStore(ordering));
    }

    @Override
    public SortedMap<String, byte[]> records(String namespace) {
        ConcurrentSkipListMap<String, byte[]> found = records.get(checkNamespace(namespace));
        return found == null ? new TreeMap<>() : new TreeMap<>(found);
    }

    @Override
    public CompletableFuture<Void> putRecord(String namespace, String key, byte[] value) {
        records.computeIfAbsent(checkNamespace(namespace), n -> new ConcurrentSkipListMap<>()).put(key, value.clone());
        return DONE;
    }

    @Override
    public CompletableFuture<Void> deleteRecord(String namespace, String key) {
        ConcurrentSkipListMap<String, byte[]> found = records.get(checkNamespace(namespace));
        if (found != null) {
            found.remove(key);
        }
        return DONE;
    }

    @Override
    public CompletableFuture<Void> deleteRecords(String namespace, String keyPrefix) {
        ConcurrentSkipListMap<String, byte[]> found = records.get(checkNamespace(namespace));
        if (found != null) {
            java.util.Iterator<String> keys = found.tailMap(keyPrefix, true).keySet().iterator();
            while (keys.hasNext() && keys.next().startsWith(keyPrefix)) {
                keys.remove();
            }
        }
        return DONE;
    }

    /** The shard's store: the same one for every call until it is deleted. */
    @Override
    public ShardStore openShard(String shardKey) {
        return shards.computeIfAbsent(checkShardKey(shardKey), key -> new MemoryShardStore(() -> shards.remove(key)));
    }

    /** Shard keys are non-empty and free of NUL, as every engine requires. */
    @Override
    public Set<String> shardKeys() {
        return Set.copyOf(shards.keySet());
    }

    public static String checkShardKey(String shardKey) {
        if (shardKey == null || shardKey.isEmpty() || shardKey.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("a shard key must be non-empty and free of NUL: " + shardKey);
        }
        return shardKey;
    }

    /** Namespaces are non-empty and free of NUL, as every engine requires. */
    public static String checkNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty() || namespace.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("a record namespace must be non-empty and free of NUL: " + namespace);
        }
        return namespace;
    }

    @Override
    public void close() {
    }

    private static final class MemoryMessageStore implements MessageStore {
        private final MessageIndex index;
        private final Map<Long, byte[]> payloads = new HashMap<>();
        private final Map<String, byte[]> records = new HashMap<>();

        MemoryMessageStore(MessageIndex.Ordering ordering) {
            this.index = new MessageIndex(ordering);
        }

        @Override
        public Map<String, byte[]> records() {
            return java.util.Collections.unmodifiableMap(records);
        }

        @Override
        public CompletableFuture<Void> putRecord(String key, byte[] value) {
            records.put(key, value);
            return DONE;
        }

        @Override
        public CompletableFuture<Void> deleteRecord(String key) {
            records.remove(key);
            return DONE;
        }

        @Override
        public CompletableFuture<Void> append(List<NewMessage> messages) {
            for (NewMessage m : messages) {
                payloads.put(m.seq(), m.payload());
                index.add(m.seq(), m.sentAt(), m.availableAt(), 0, 0, m.groupId(), m.sentAt());
            }
            return DONE;
        }

        @Override
        public Written<List<ClaimedMessage>> claim(int max, long now, long invisibleUntil) {
            List<ClaimedMessage> claimed = new ArrayList<>();
            for (MessageIndex.Entry e : index.claim(max, now, invisibleUntil)) {
                claimed.add(new ClaimedMessage(e.seq(), e.receiveCount(), e.firstReceivedAt(), payloads.get(e.seq())));
            }
            return Written.alreadyDurable(claimed);
        }

        @Override
        public Written<DeleteOutcome> delete(long seq, int receiveCount) {
            MessageIndex.Entry entry = index.get(seq);
            if (entry == null) {
                return Written.alreadyDurable(DeleteOutcome.NO_SUCH_MESSAGE);
            }
            if (entry.receiveCount() != receiveCount) {
                return Written.alreadyDurable(DeleteOutcome.STALE_RECEIPT);
            }
            index.remove(seq);
            payloads.remove(seq);
            return Written.alreadyDurable(DeleteOutcome.DELETED);
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
            payloads.clear();
            return DONE;
        }

        @Override
        public Written<Integer> expire(long sentBefore) {
            List<Long> removed = index.expire(sentBefore);
            removed.forEach(payloads::remove);
            return Written.alreadyDurable(removed.size());
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
            return index.lastSeq();
        }
    }
}
