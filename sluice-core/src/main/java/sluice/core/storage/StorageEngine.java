package sluice.core.storage;

import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;

/**
 * The storage SPI: what every engine (memory, RocksDB, later a shared SQL engine) implements. It
 * speaks queue semantics, not bytes. Every future returned by a write completes only once the
 * change is durable as the engine's durability setting defines (ARCHITECTURE §3); engines share
 * syncs between concurrent writers (group commit).
 *
 * <p>Threading: engine-level calls are thread-safe. A {@link MessageStore} is confined to the one
 * lane that owns its queue; it is never called from two threads at once.
 */
public interface StorageEngine extends AutoCloseable {

    /** The queues stored before the last shutdown or crash, for recovery at start. */
    List<QueueRecord> queues();

    /** Creates or replaces a queue's metadata. */
    CompletableFuture<Void> putQueue(QueueRecord queue);

    /** Deletes a queue's metadata and every message it holds. */
    CompletableFuture<Void> deleteQueue(long queueId);

    /**
     * Opens the messages of a queue, recovering those stored. Every recovered message is visible at
     * its original availability time (in-flight messages become visible again); receive counts
     * are kept. Called once per queue, on the queue's lane.
     */
    MessageStore openMessages(long queueId, MessageIndex.Ordering ordering, long now);

    /** Opens the messages of a queue served in standard (fair) order. */
    default MessageStore openMessages(long queueId, long now) {
        return openMessages(queueId, MessageIndex.Ordering.STANDARD, now);
    }

    /**
     * The metadata records a service keeps in {@code namespace} (SNS keeps its topics and
     * subscriptions this way), sorted by key: every record whose put has completed and that no
     * completed delete removed. A snapshot, read at start for recovery; the service keeps its own
     * index afterwards. Namespaces are short names such as {@code sns}, never containing NUL.
     */
    SortedMap<String, byte[]> records(String namespace);

    /** Creates or replaces a metadata record, durably (group commit, like every write). */
    CompletableFuture<Void> putRecord(String namespace, String key, byte[] value);

    /** Deletes a metadata record; nothing happens when there is none. */
    CompletableFuture<Void> deleteRecord(String namespace, String key);

    /**
     * Deletes every record of {@code namespace} whose key starts with {@code keyPrefix}, atomically
     * (a topic and all its subscriptions, for instance); an empty prefix empties the namespace.
     */
    CompletableFuture<Void> deleteRecords(String namespace, String keyPrefix);

    /**
     * Opens the records of one Kinesis shard, recovering those stored, named by a key unique to
     * the shard for the life of the data directory (non-empty, no NUL). Called on the lane that
     * owns the shard; returns the same store until {@link ShardStore#delete} is called. Opening
     * must not read every record (a shard may hold a year of them): an engine keeps a shard in a
     * layout of its own that finds the first and last positions directly.
     */
    ShardStore openShard(String shardKey);

    /**
     * The keys of the shards that hold records or state (it may also name shards opened that hold
     * none), so that the owner can delete the shards it no longer knows: a crash between deleting a
     * stream's metadata and deleting its shards leaves them behind.
     */
    Set<String> shardKeys();

    /**
     * Gives back memory the engine can rebuild (write buffers), called while the server is idle.
     * What was written stays durable; nothing is required of an engine that holds no such memory.
     */
    default void releaseIdleMemory() {
    }

    /** Flushes and closes; every write whose future completed stays durable. */
    @Override
    void close();
}
