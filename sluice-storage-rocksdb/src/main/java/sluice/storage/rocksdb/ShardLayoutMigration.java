package sluice.storage.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import sluice.storage.rocksdb.Batch.Cf;

/**
 * Storage format 2 → 3: format 2 kept each Kinesis shard in metadata records (namespace
 * {@code kinesis-shard:<shard key>}, one record per position under its 16 hex digits, and
 * {@code next} once a trim had emptied the shard); format 3 keeps shards in their own column
 * families ({@link ShardKeys}). Record values are the same bytes in both, so they are copied.
 *
 * <p>What must always hold: each shard moves in one batch (its new keys and the deletion of its
 * old namespace), so a migration cut short by a crash resumes where it stopped; the directory is
 * stamped 3 only after every shard has moved.
 */
final class ShardLayoutMigration {
    static final String OLD_NAMESPACE_PREFIX = "kinesis-shard:";

    private ShardLayoutMigration() {
    }

    /** Moves every format-2 shard; returns how many shards moved. */
    static int run(Database db, GroupCommitter committer) throws RocksDBException {
        byte[] from = OLD_NAMESPACE_PREFIX.getBytes(StandardCharsets.UTF_8);
        byte[] to = from.clone();
        to[to.length - 1]++;
        List<ShardMove> moves = new ArrayList<>();
        db.scan(Cf.METADATA, from, to, (key, value) -> {
            int nul = indexOfNul(key);
            String shardKey = new String(key, from.length, nul - from.length, StandardCharsets.UTF_8);
            String name = new String(key, nul + 1, key.length - nul - 1, StandardCharsets.UTF_8);
            if (moves.isEmpty() || !moves.getLast().shardKey.equals(shardKey)) {
                moves.add(new ShardMove(shardKey));
            }
            moves.getLast().add(name, value);
        });
        for (ShardMove move : moves) {
            committer.submit(move.batch()).join();
        }
        return moves.size();
    }

    private static int indexOfNul(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == 0) {
                return i;
            }
        }
        throw new IllegalStateException("corrupt metadata key: no namespace separator");
    }

    /** One shard's records in position order, turned into format-3 keys and time-index entries. */
    private static final class ShardMove {
        final String shardKey;
        final ShardKeys keys;
        final Batch batch = new Batch();
        long next;
        long entryArrivedAt = -1;
        long entryPosition;
        long entryLastArrivedAt;
        int entryCount;

        ShardMove(String shardKey) {
            this.shardKey = shardKey;
            this.keys = new ShardKeys(shardKey);
        }

        void add(String name, byte[] value) {
            if (name.equals("next")) {
                next = Math.max(next, Keys.getLong(value, 0));
                return;
            }
            long position = Long.parseUnsignedLong(name, 16);
            long arrivedAt = ShardCodecs.recordArrivedAt(value);
            batch.put(Cf.SHARD_RECORDS, keys.record(position), value);
            next = Math.max(next, position + 1);
            if (entryArrivedAt >= 0 && (entryCount >= RocksShardStore.ENTRY_RECORDS || position != entryPosition + entryCount)) {
                closeEntry();
            }
            if (entryArrivedAt < 0) {
                entryArrivedAt = arrivedAt;
                entryPosition = position;
            }
            entryLastArrivedAt = arrivedAt;
            entryCount++;
        }

        private void closeEntry() {
            batch.put(Cf.SHARD_TIMES, keys.time(entryArrivedAt, entryPosition), ShardCodecs.encodeTime(entryLastArrivedAt, entryCount));
            entryArrivedAt = -1;
            entryCount = 0;
        }

        Batch batch() {
            if (entryArrivedAt >= 0) {
                closeEntry();
            }
            byte[] namespaceStart = Keys.metadata(OLD_NAMESPACE_PREFIX + shardKey, "");
            return batch.put(Cf.SHARD_RECORDS, keys.head(), ShardCodecs.encodeHead(next))
                    .deleteRange(Cf.METADATA, namespaceStart, Keys.metadataEnd(OLD_NAMESPACE_PREFIX + shardKey, ""));
        }
    }
}
