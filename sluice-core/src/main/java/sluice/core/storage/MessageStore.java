package sluice.core.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The messages of one queue, at the level of SQS semantics. Confined to the queue's lane (no
 * internal locking needed). A message is identified by its {@code seq}; a receive is identified by
 * the message's receive count at that receive, which is how stale receipt handles are told apart.
 */
public interface MessageStore {

    /** Appends messages (seq strictly increasing); they become visible at their availableAt. */
    CompletableFuture<Void> append(List<NewMessage> messages);

    /**
     * Claims up to {@code max} messages visible at {@code now}, oldest first, making each invisible
     * until {@code invisibleUntil} and counting the receive. The counts are durable with the future.
     */
    Written<List<ClaimedMessage>> claim(int max, long now, long invisibleUntil);

    /**
     * Deletes the message if {@code receiveCount} is that of its latest receive; a stale or unknown
     * receive leaves everything as it is.
     */
    Written<DeleteOutcome> delete(long seq, int receiveCount);

    /**
     * Changes when an in-flight message becomes visible again. Not persisted: after a restart every
     * in-flight message is visible anyway.
     */
    VisibilityOutcome changeVisibility(long seq, int receiveCount, long now, long invisibleUntil);

    /**
     * Makes every message never received available at its send time plus {@code delayMillis}. Not
     * persisted: the owner applies its current delay again after every open.
     */
    void redelay(long delayMillis, long now);

    /** Deletes every message. */
    CompletableFuture<Void> purge();

    /** Deletes every message sent before {@code sentBefore} (retention); returns how many. */
    Written<Integer> expire(long sentBefore);

    MessageCounts counts(long now);

    /** The earliest time after {@code now} at which an invisible message becomes visible, or Long.MAX_VALUE. */
    long nextVisibleAt(long now);

    /** The highest seq ever appended (0 when none), so the owner can continue numbering after recovery. */
    long lastSeq();

    /**
     * Small named records the service keeps beside the messages (deduplication ids, receive
     * attempts, move-task progress): written durably like messages, kept across purges, dropped
     * with the queue. Returns a view of every record, recovered ones included.
     */
    java.util.Map<String, byte[]> records();

    /** Creates or replaces a record. */
    CompletableFuture<Void> putRecord(String key, byte[] value);

    /** Deletes a record (nothing happens when there is none). */
    CompletableFuture<Void> deleteRecord(String key);

    /** Outcome of a delete. */
    enum DeleteOutcome { DELETED, STALE_RECEIPT, NO_SUCH_MESSAGE }

    /** Outcome of a visibility change. */
    enum VisibilityOutcome { CHANGED, NOT_IN_FLIGHT, STALE_RECEIPT, NO_SUCH_MESSAGE }
}
