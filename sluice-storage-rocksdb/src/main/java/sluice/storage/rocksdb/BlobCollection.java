package sluice.storage.rocksdb;

import java.lang.System.Logger.Level;
import org.rocksdb.RocksDBException;
import sluice.storage.rocksdb.Batch.Cf;

/**
 * Switches RocksDB's blob garbage collection for the Kinesis records on only while it pays.
 *
 * <p>Record values of {@link Database#BLOB_MIN_BYTES} or more live in blob files: written once when
 * the memtable is flushed and never rewritten by compaction, which moves only the small keys. That
 * halves what a stream of large records costs the disk. A blob file is deleted once no key refers to
 * it; records expire in time order, so files usually empty whole. But a file shared with records that
 * live longer (another stream's retention, or a deleted stream's records beside a live stream's)
 * keeps the garbage of the shorter-lived ones. Collection copies the live values out of the oldest
 * files so they can go; while nearly everything is live, as in streams still filling up, it would
 * copy everything again and again. So it runs only while garbage is over half of the blob bytes, and
 * stops once it is under a quarter.
 */
final class BlobCollection {
    private static final System.Logger LOG = System.getLogger(BlobCollection.class.getName());
    static final double START_RATIO = 0.5;
    static final double STOP_RATIO = 0.25;
    /** Below this many blob bytes, garbage is not worth collecting. */
    static final long MIN_BYTES = 64L * 1024 * 1024;

    private final Database db;
    private boolean collecting;

    BlobCollection(Database db) {
        this.db = db;
    }

    /** Whether collection should run, given whether it runs now and the blob files' live and garbage bytes. */
    static boolean shouldCollect(boolean collecting, long blobBytes, long garbageBytes) {
        if (blobBytes < MIN_BYTES) {
            return false;
        }
        double ratio = (double) garbageBytes / blobBytes;
        return collecting ? ratio > STOP_RATIO : ratio > START_RATIO;
    }

    /** Reads the garbage metered so far and switches collection accordingly. */
    void check() throws RocksDBException {
        long blobBytes = db.longProperty(Cf.SHARD_RECORDS, "rocksdb.live-blob-file-size");
        long garbageBytes = db.longProperty(Cf.SHARD_RECORDS, "rocksdb.live-blob-file-garbage-size");
        boolean next = shouldCollect(collecting, blobBytes, garbageBytes);
        if (next != collecting) {
            db.setBlobCollection(Cf.SHARD_RECORDS, next);
            collecting = next;
            LOG.log(Level.INFO, "Kinesis record blob files: {0} bytes, {1} of them garbage; collection {2}",
                    blobBytes, garbageBytes, next ? "started" : "stopped");
        }
    }

    boolean collecting() {
        return collecting;
    }
}
