package sluice.storage.rocksdb;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One logical write: a list of puts and deletes that must land atomically and in order. Plain Java
 * (no native memory), so a caller that builds one and drops it leaks nothing; the committer copies
 * many of them, in submission order, into one native {@link WriteBatch}.
 *
 * <p>A value may be given in two parts ({@link #put(Cf, byte[], byte[], byte[])}): a small head and a
 * large body the caller already holds (a Kinesis record's data). The parts are joined only when the
 * batch is applied, in a reused direct buffer, so a large value is never copied on the heap.
 */
final class Batch {

    /** The column families a batch can touch (the default one holds only the format marker). */
    enum Cf { QUEUES, STATE, PAYLOADS, RECORDS, METADATA, SHARD_RECORDS, SHARD_TIMES }

    /** Resolves a column family to its handle when the batch is applied. */
    interface Handles {
        ColumnFamilyHandle handle(Cf cf);
    }

    private enum Kind { PUT, PUT_PARTS, DELETE, DELETE_RANGE }

    /** {@code c} is the second part of a {@link Kind#PUT_PARTS} value, otherwise null. */
    private record Op(Kind kind, Cf cf, byte[] a, byte[] b, byte[] c) {
    }

    /** Roughly what an op costs besides its bytes (framing, column family id). */
    private static final int OP_OVERHEAD = 16;

    private final List<Op> ops = new ArrayList<>(4);
    private long bytes;

    Batch put(Cf cf, byte[] key, byte[] value) {
        return add(new Op(Kind.PUT, cf, key, value, null));
    }

    /** Puts the value {@code head ‖ body}; both arrays must stay unchanged until the batch is applied. */
    Batch put(Cf cf, byte[] key, byte[] head, byte[] body) {
        return add(new Op(Kind.PUT_PARTS, cf, key, head, body));
    }

    Batch delete(Cf cf, byte[] key) {
        return add(new Op(Kind.DELETE, cf, key, null, null));
    }

    /** Deletes {@code [from, to)}. */
    Batch deleteRange(Cf cf, byte[] from, byte[] to) {
        return add(new Op(Kind.DELETE_RANGE, cf, from, to, null));
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /** An estimate of the batch's size, for back-pressure. */
    long bytes() {
        return bytes;
    }

    /** Adds the ops to {@code batch}; {@code scratch} joins two-part values (see {@link Scratch}). */
    void applyTo(WriteBatch batch, Handles handles, Scratch scratch) throws RocksDBException {
        for (Op op : ops) {
            ColumnFamilyHandle cf = handles.handle(op.cf);
            switch (op.kind) {
                case PUT -> batch.put(cf, op.a, op.b);
                case PUT_PARTS -> scratch.put(batch, cf, op.a, op.b, op.c);
                case DELETE -> batch.delete(cf, op.a);
                case DELETE_RANGE -> batch.deleteRange(cf, op.a, op.b);
            }
        }
    }

    private Batch add(Op op) {
        ops.add(op);
        bytes += OP_OVERHEAD + op.a.length + (op.b == null ? 0 : op.b.length) + (op.c == null ? 0 : op.c.length);
        return this;
    }

    /**
     * A direct buffer, reused by one writing thread, in which a key and a two-part value are laid
     * side by side and handed to RocksDB without a heap copy. It grows to the largest entry seen.
     */
    static final class Scratch {
        private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

        void put(WriteBatch batch, ColumnFamilyHandle cf, byte[] key, byte[] head, byte[] body) throws RocksDBException {
            int size = key.length + head.length + body.length;
            if (buffer.capacity() < size) {
                buffer = ByteBuffer.allocateDirect(Math.max(size, buffer.capacity() * 2));
            }
            buffer.clear();
            buffer.put(key).put(head).put(body).flip();
            ByteBuffer keySlice = buffer.slice(0, key.length);
            ByteBuffer valueSlice = buffer.slice(key.length, head.length + body.length);
            batch.put(cf, keySlice, valueSlice);
        }
    }
}
