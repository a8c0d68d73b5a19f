package sluice.core.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The records of one Kinesis shard (ARCHITECTURE §4): an append-only log of positions
 * 0, 1, 2, … assigned by the store, read from a position with a limit, found by arrival time, and
 * trimmed from the front when records outlive the stream's retention.
 *
 * <p>What must always hold: positions are dense and strictly increasing in append order, and are
 * never reused, not even after a trim or a restart; arrival times never decrease along positions
 * (the caller passes non-decreasing times). A store is confined to the lane that owns its stream.
 * Engines hold only small state per shard in memory (positions, a bounded tail), never every record.
 */
public interface ShardStore {

    /** A record to append: its arrival time (epoch millis), partition key and data. */
    record NewRecord(long arrivedAt, String partitionKey, byte[] data) {
    }

    /** A stored record at its position. */
    record StoredRecord(long position, long arrivedAt, String partitionKey, byte[] data) {
    }

    /** Records read, and the position to read from next. */
    record Read(List<StoredRecord> records, long nextPosition) {
    }

    /** Appends, returning the positions given to the records (in order) once they are durable. */
    Written<List<Long>> append(List<NewRecord> records);

    /**
     * Up to {@code limit} records from {@code from} (or from the trim horizon when {@code from} is
     * before it), stopping before the record that would take the data past {@code maxBytes} (but
     * always returning at least one record when there is one). Only records whose append is
     * durable are read (durable before visible), so a read may stop before {@link #nextPosition()}.
     */
    Read read(long from, int limit, long maxBytes);

    /** The first position whose record arrived at or after {@code timestamp}, else {@link #nextPosition()}. */
    long positionAt(long timestamp);

    /** The oldest position still held (the trim horizon); equals {@link #nextPosition()} when empty. */
    long firstPosition();

    /** The position the next appended record will get. */
    long nextPosition();

    /** Arrival time of the record at {@code position}, or -1 when it is not held. */
    long arrivedAt(long position);

    /** Removes the records that arrived before {@code arrivedBefore}; returns how many. */
    Written<Integer> trim(long arrivedBefore);

    /** Removes every record and the store's state; the store is not used afterwards. */
    CompletableFuture<Void> delete();
}
