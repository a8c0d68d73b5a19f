package sluice.storage.rocksdb;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine-wide bound on the record data shard stores keep in memory in their tails (see
 * {@link RocksShardStore}). A store accounts for every change of its tail here and, while the
 * total is over the limit, drops the written records of its own tail as it appends or reads. Records
 * not yet written are never dropped, so the total can pass the limit by what is waiting for the
 * committer (itself bounded by the committer's queue), plus the tails of shards idle since.
 */
final class TailBudget {
    private final long limitBytes;
    private final AtomicLong used = new AtomicLong();

    TailBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    void add(long deltaBytes) {
        used.addAndGet(deltaBytes);
    }

    boolean over() {
        return used.get() > limitBytes;
    }

    long used() {
        return used.get();
    }
}
