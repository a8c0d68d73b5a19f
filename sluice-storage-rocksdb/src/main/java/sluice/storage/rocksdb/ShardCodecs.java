package sluice.storage.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import sluice.core.storage.ShardStore.NewRecord;
import sluice.core.storage.ShardStore.StoredRecord;

/**
 * The values of the shard layout (see {@link ShardKeys}), each starting with its own version byte;
 * a reader refuses a version it does not know.
 * <pre>
 *   record, v1:      01 ‖ arrivedAt (8) ‖ partition key length (2) ‖ partition key UTF-8 ‖ data
 *   head, v1:        01 ‖ next position (8)
 *   time entry, v1:  01 ‖ arrival time of the entry's last record (8) ‖ record count (4)
 * </pre>
 * The record value is the one the format-2 layout kept in metadata records, so migrating copies it.
 */
final class ShardCodecs {
    static final byte RECORD_V1 = 1;
    static final byte HEAD_V1 = 1;
    static final byte TIME_V1 = 1;
    private static final int RECORD_HEADER = 1 + 8 + 2;

    private ShardCodecs() {
    }

    static byte[] encodeRecord(NewRecord r) {
        byte[] head = encodeRecordHead(r);
        byte[] data = r.data();
        byte[] b = Arrays.copyOf(head, head.length + data.length);
        System.arraycopy(data, 0, b, head.length, data.length);
        return b;
    }

    /** A record's value up to its data: the value is this followed by {@code r.data()}. */
    static byte[] encodeRecordHead(NewRecord r) {
        byte[] key = r.partitionKey().getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[RECORD_HEADER + key.length];
        b[0] = RECORD_V1;
        Keys.putLong(b, 1, r.arrivedAt());
        b[9] = (byte) (key.length >>> 8);
        b[10] = (byte) key.length;
        System.arraycopy(key, 0, b, RECORD_HEADER, key.length);
        return b;
    }

    static StoredRecord decodeRecord(long position, byte[] b) {
        long arrivedAt = recordArrivedAt(b);
        int keyLength = (b[9] & 0xFF) << 8 | (b[10] & 0xFF);
        if (RECORD_HEADER + keyLength > b.length) {
            throw new IllegalStateException("corrupt shard record at position " + position + ": bad partition key length");
        }
        String partitionKey = new String(b, RECORD_HEADER, keyLength, StandardCharsets.UTF_8);
        byte[] data = new byte[b.length - RECORD_HEADER - keyLength];
        System.arraycopy(b, RECORD_HEADER + keyLength, data, 0, data.length);
        return new StoredRecord(position, arrivedAt, partitionKey, data);
    }

    static long recordArrivedAt(byte[] b) {
        if (b.length < RECORD_HEADER) {
            throw new IllegalStateException("corrupt shard record: " + b.length + " bytes");
        }
        checkVersion("shard record", b[0], RECORD_V1);
        return Keys.getLong(b, 1);
    }

    static byte[] encodeHead(long nextPosition) {
        byte[] b = new byte[9];
        b[0] = HEAD_V1;
        Keys.putLong(b, 1, nextPosition);
        return b;
    }

    static long decodeHead(byte[] b) {
        if (b.length != 9) {
            throw new IllegalStateException("corrupt shard head: " + b.length + " bytes");
        }
        checkVersion("shard head", b[0], HEAD_V1);
        return Keys.getLong(b, 1);
    }

    /** A time-index entry's value: when its last record arrived, and how many records it covers. */
    record TimeEntry(long lastArrivedAt, int count) {
    }

    static byte[] encodeTime(long lastArrivedAt, int count) {
        byte[] b = new byte[13];
        b[0] = TIME_V1;
        Keys.putLong(b, 1, lastArrivedAt);
        b[9] = (byte) (count >>> 24);
        b[10] = (byte) (count >>> 16);
        b[11] = (byte) (count >>> 8);
        b[12] = (byte) count;
        return b;
    }

    static TimeEntry decodeTime(byte[] b) {
        if (b.length != 13) {
            throw new IllegalStateException("corrupt shard time entry: " + b.length + " bytes");
        }
        checkVersion("shard time entry", b[0], TIME_V1);
        int count = (b[9] & 0xFF) << 24 | (b[10] & 0xFF) << 16 | (b[11] & 0xFF) << 8 | (b[12] & 0xFF);
        return new TimeEntry(Keys.getLong(b, 1), count);
    }

    private static void checkVersion(String what, byte found, byte known) {
        if (found != known) {
            throw new IllegalStateException("unknown " + what + " format version " + found
                    + " (this build reads " + known + "); was the data directory written by a newer Sluice?");
        }
    }
}
