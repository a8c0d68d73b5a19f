package sluice.core.storage;

import java.util.ArrayList;
import java.util.List;
import sluice.core.storage.ShardStore.StoredRecord;

/**
 * A run of shard records at consecutive positions {@code [start, end)} held in memory: appended
 * at the end, dropped from the front, found by position in O(1) and by arrival time by binary
 * search. The memory engine keeps a whole shard in one; the RocksDB engine keeps a shard's recent
 * tail in one.
 *
 * <p>What must always hold: {@code records[head + i]} is the record at position {@code start + i};
 * arrival times never decrease along positions (the caller appends them so); {@code bytes} is
 * the sum of the data lengths held. Not thread-safe: confined to the lane that owns the shard.
 */
public final class PositionedRecords {
    private final ArrayList<StoredRecord> records = new ArrayList<>();
    private int head;
    private long start;
    private long bytes;

    /** An empty run whose first appended record will be at {@code start}. */
    public PositionedRecords(long start) {
        this.start = start;
    }

    /** The position of the first record held, or {@link #end()} when empty. */
    public long start() {
        return start;
    }

    /** The position the next appended record must have. */
    public long end() {
        return start + size();
    }

    public int size() {
        return records.size() - head;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** The data bytes held. */
    public long bytes() {
        return bytes;
    }

    /** Appends the record at {@link #end()}. */
    public void add(StoredRecord r) {
        if (r.position() != end()) {
            throw new IllegalArgumentException("record at " + r.position() + " appended at " + end());
        }
        records.add(r);
        bytes += r.data().length;
    }

    /** The record at {@code position}, or null when it is not held. */
    public StoredRecord get(long position) {
        return position >= start && position < end() ? records.get(head + (int) (position - start)) : null;
    }

    /** The first position whose record arrived at or after {@code timestamp}, else {@link #end()}. */
    public long firstAtOrAfter(long timestamp) {
        int lo = head;
        int hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).arrivedAt() < timestamp) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return start + (lo - head);
    }

    /** Drops every record before {@code position}; a position past the end empties the run and moves it there. */
    public void dropBefore(long position) {
        while (start < position && !isEmpty()) {
            bytes -= records.get(head).data().length;
            records.set(head++, null);
            start++;
        }
        if (isEmpty()) {
            records.clear();
            head = 0;
            start = Math.max(start, position);
        } else if (head > 1024 && head > records.size() / 2) {
            records.subList(0, head).clear();
            head = 0;
        }
    }

    /** Drops the first record (no-op when empty). */
    public void dropFirst() {
        dropBefore(start + 1);
    }

    /** Forgets every record; the next appended record will be at {@code position}. */
    public void clear(long position) {
        records.clear();
        head = 0;
        bytes = 0;
        start = position;
    }

    /**
     * Offers the records of {@code [from, to)} (clipped to what is held) to {@code into} in order,
     * until it takes no more; returns the position after the last record it took (or {@code from}).
     */
    public long readInto(long from, long to, ReadLimits into) {
        long at = Math.max(from, start);
        long until = Math.min(to, end());
        while (at < until && into.offer(get(at))) {
            at++;
        }
        return at;
    }

    /**
     * What one read may still take: up to {@code limit} records and {@code maxBytes} of data, but
     * always the first record offered.
     */
    public static final class ReadLimits {
        private final int limit;
        private final long maxBytes;
        private final List<StoredRecord> taken = new ArrayList<>();
        private long bytes;
        private boolean full;

        public ReadLimits(int limit, long maxBytes) {
            this.limit = limit;
            this.maxBytes = maxBytes;
        }

        /** Takes {@code r} when it fits; false (and nothing taken, now or later) when it does not. */
        public boolean offer(StoredRecord r) {
            if (full || taken.size() >= limit || (!taken.isEmpty() && bytes + r.data().length > maxBytes)) {
                full = true;
                return false;
            }
            taken.add(r);
            bytes += r.data().length;
            return true;
        }

        /** True once a record was refused: the read is complete. */
        public boolean full() {
            return full || taken.size() >= limit;
        }

        public List<StoredRecord> taken() {
            return taken;
        }
    }
}
