package sluice.storage.rocksdb;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One logical write: a list of puts and deletes that must land atomically and in order. Plain Java
 * (no native memory), so a caller that builds one and drops it leaks nothing; the committer copies
 * many of them, in submission order, into one native {@link WriteBatch}.
 */
final class Batch {

    /** The column families a batch can touch (the default one holds only the format marker). */
    enum Cf { QUEUES, STATE, PAYLOADS, RECORDS, METADATA, SHARD_RECORDS, SHARD_TIMES }

    /** Resolves a column family to its handle when the batch is applied. */
    interface Handles {
        ColumnFamilyHandle handle(Cf cf);
    }

    private enum Kind { PUT, DELETE, DELETE_RANGE }

    private record Op(Kind kind, Cf cf, byte[] a, byte[] b) {
    }

    /** Roughly what an op costs besides its bytes (framing, column family id). */
    private static final int OP_OVERHEAD = 16;

    private final List<Op> ops = new ArrayList<>(4);
    private long bytes;

    Batch put(Cf cf, byte[] key, byte[] value) {
        return add(new Op(Kind.PUT, cf, key, value));
    }

    Batch delete(Cf cf, byte[] key) {
        return add(new Op(Kind.DELETE, cf, key, null));
    }

    /** Deletes {@code [from, to)}. */
    Batch deleteRange(Cf cf, byte[] from, byte[] to) {
        return add(new Op(Kind.DELETE_RANGE, cf, from, to));
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /** An estimate of the batch's size, for back-pressure. */
    long bytes() {
        return bytes;
    }

    void applyTo(WriteBatch batch, Handles handles) throws RocksDBException {
        for (Op op : ops) {
            ColumnFamilyHandle cf = handles.handle(op.cf);
            switch (op.kind) {
                case PUT -> batch.put(cf, op.a, op.b);
                case DELETE -> batch.delete(cf, op.a);
                case DELETE_RANGE -> batch.deleteRange(cf, op.a, op.b);
            }
        }
    }

    private Batch add(Op op) {
        ops.add(op);
        bytes += OP_OVERHEAD + op.a.length + (op.b == null ? 0 : op.b.length);
        return this;
    }
}
