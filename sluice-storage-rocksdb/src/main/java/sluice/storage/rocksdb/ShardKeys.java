package sluice.storage.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of one Kinesis shard in the {@code shard_records} and {@code shard_times} column
 * families. Every key starts with the shard key in UTF-8 and a 0x00 byte (shard keys hold no NUL),
 * so one shard's keys are contiguous and a shard never overlaps another, even one whose key
 * extends its own; the shard's range ends at the shard key ‖ 0x01. Numbers are 8 bytes big-endian,
 * so key order is numeric order (positions and arrival times are never negative).
 * <pre>
 *   shard_records  shard ‖ 00                     → head: the next position at the last trim
 *   shard_records  shard ‖ 00 ‖ position          → one record
 *   shard_times    shard ‖ 00 ‖ arrivedAt ‖ position → a time-index entry: records from that
 *                                                  position on, arrived from that time on
 * </pre>
 */
final class ShardKeys {
    private final byte[] prefix;

    ShardKeys(String shardKey) {
        byte[] utf8 = shardKey.getBytes(StandardCharsets.UTF_8);
        prefix = Arrays.copyOf(utf8, utf8.length + 1);
    }

    /** The shard key a stored key belongs to, or null when it has no shard-key terminator. */
    static String shardKeyOf(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == 0) {
                return i == 0 ? null : new String(key, 0, i, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The shard's head key, and the start of its range in both families. */
    byte[] head() {
        return prefix.clone();
    }

    /** The exclusive end of the shard's range in both families. */
    byte[] end() {
        byte[] end = prefix.clone();
        end[end.length - 1] = 1;
        return end;
    }

    byte[] record(long position) {
        byte[] key = Arrays.copyOf(prefix, prefix.length + 8);
        Keys.putLong(key, prefix.length, position);
        return key;
    }

    /** The last record key a shard can have. */
    byte[] lastRecord() {
        return record(-1L);
    }

    long position(byte[] recordKey) {
        return Keys.getLong(recordKey, prefix.length);
    }

    boolean isRecord(byte[] key) {
        return key.length == prefix.length + 8;
    }

    byte[] time(long arrivedAt, long position) {
        byte[] key = Arrays.copyOf(prefix, prefix.length + 16);
        Keys.putLong(key, prefix.length, arrivedAt);
        Keys.putLong(key, prefix.length + 8, position);
        return key;
    }

    long timeArrivedAt(byte[] timeKey) {
        return Keys.getLong(timeKey, prefix.length);
    }

    long timePosition(byte[] timeKey) {
        return Keys.getLong(timeKey, prefix.length + 8);
    }
}
