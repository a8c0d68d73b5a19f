package sluice.core.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The memory engine's shard: every record in one {@link PositionedRecords}, so appends, reads
 * and trims cost what they touch, and AT_TIMESTAMP is a binary search. Nothing survives a restart.
 *
 * <p>What must always hold: the run ends at the next position, also after a trim took every
 * record, so positions are never reused while the engine lives.
 */
final class MemoryShardStore implements ShardStore {
    private final PositionedRecords records = new PositionedRecords(0);
    private final Runnable onDelete;

    MemoryShardStore(Runnable onDelete) {
        this.onDelete = onDelete;
    }

    @Override
    public Written<List<Long>> append(List<NewRecord> batch) {
        List<Long> positions = new ArrayList<>(batch.size());
        for (NewRecord r : batch) {
            long position = records.end();
            records.add(new StoredRecord(position, r.arrivedAt(), r.partitionKey(), r.data()));
            positions.add(position);
        }
        return Written.alreadyDurable(positions);
    }

    @Override
    public Read read(long from, int limit, long maxBytes) {
        PositionedRecords.ReadLimits limits = new PositionedRecords.ReadLimits(limit, maxBytes);
        long next = records.readInto(from, records.end(), limits);
        return new Read(limits.taken(), next);
    }

    @Override
    public long positionAt(long timestamp) {
        return records.firstAtOrAfter(timestamp);
    }

    @Override
    public long firstPosition() {
        return records.start();
    }

    @Override
    public long nextPosition() {
        return records.end();
    }

    @Override
    public long arrivedAt(long position) {
        StoredRecord r = records.get(position);
        return r == null ? -1 : r.arrivedAt();
    }

    @Override
    public Written<Integer> trim(long arrivedBefore) {
        long before = records.start();
        records.dropBefore(records.firstAtOrAfter(arrivedBefore));
        return Written.alreadyDurable((int) (records.start() - before));
    }

    @Override
    public CompletableFuture<Void> delete() {
        records.clear(records.end());
        onDelete.run();
        return CompletableFuture.completedFuture(null);
    }
}
