package sluice.storage.rocksdb;

import java.util.Arrays;

/**
 * The keys of the on-disk layout (format version {@link #FORMAT_VERSION}); see {@link RocksDbEngine}.
 *
 * <p>Every key starts with the queue id, 8 bytes big-endian, so one queue's keys are contiguous in
 * every column family, and a queue's range {@code [queueId, queueId ‖ FF×9)} contains the queue's
 * 8-byte key and every 16-byte {@code queueId ‖ seq} key, whatever the sign of either number.
 */
final class Keys {
    /** Bumped on any incompatible change to keys or values; an engine refuses a newer format. */
    static final int FORMAT_VERSION = 3;
    /** The key, in the default column family, that holds the format version. */
    static final byte[] FORMAT_KEY = "sluice.format".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static final int QUEUE_KEY_LENGTH = 8;
    static final int MESSAGE_KEY_LENGTH = 16;

    private Keys() {
    }

    /** A queue's own key: its record in {@code queues}, its head (last seq) in {@code state}. */
    static byte[] queue(long queueId) {
        byte[] key = new byte[QUEUE_KEY_LENGTH];
        putLong(key, 0, queueId);
        return key;
    }

    /** A message's key in {@code state} and {@code payloads}. */
    static byte[] message(long queueId, long seq) {
        byte[] key = new byte[MESSAGE_KEY_LENGTH];
        putLong(key, 0, queueId);
        putLong(key, 8, seq);
        return key;
    }

    /** A named record of a queue in {@code records}: the queue id, then the name in UTF-8 (never 0xFF). */
    static byte[] record(long queueId, String name) {
        byte[] utf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(queue(queueId), QUEUE_KEY_LENGTH + utf8.length);
        System.arraycopy(utf8, 0, key, QUEUE_KEY_LENGTH, utf8.length);
        return key;
    }

    static String recordName(byte[] key) {
        return new String(key, QUEUE_KEY_LENGTH, key.length - QUEUE_KEY_LENGTH, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The first message key a queue can have (after its 8-byte head key). */
    static byte[] firstMessage(long queueId) {
        return message(queueId, 0L);
    }

    /** The exclusive end of everything a queue owns in a column family. */
    static byte[] end(long queueId) {
        byte[] key = Arrays.copyOf(queue(queueId), QUEUE_KEY_LENGTH + 9);
        Arrays.fill(key, QUEUE_KEY_LENGTH, key.length, (byte) 0xFF);
        return key;
    }

    /**
     * A metadata record's key in {@code metadata}: the namespace in UTF-8, a 0x00 byte, the key in
     * UTF-8. Namespaces hold no NUL, so one namespace's keys are contiguous and sorted by key bytes.
     */
    static byte[] metadata(String namespace, String key) {
        byte[] ns = namespace.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] k = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[ns.length + 1 + k.length];
        System.arraycopy(ns, 0, out, 0, ns.length);
        System.arraycopy(k, 0, out, ns.length + 1, k.length);
        return out;
    }

    /** The exclusive end of the keys of {@code namespace} starting with {@code prefix}: UTF-8 never holds 0xFF. */
    static byte[] metadataEnd(String namespace, String prefix) {
        byte[] start = metadata(namespace, prefix);
        byte[] end = Arrays.copyOf(start, start.length + 1);
        end[start.length] = (byte) 0xFF;
        return end;
    }

    /** The key part of a metadata key of a namespace {@code namespaceBytes} long. */
    static String metadataKey(byte[] key, int namespaceBytes) {
        return new String(key, namespaceBytes + 1, key.length - namespaceBytes - 1, java.nio.charset.StandardCharsets.UTF_8);
    }

    static long queueId(byte[] key) {
        return getLong(key, 0);
    }

    static long seq(byte[] messageKey) {
        return getLong(messageKey, 8);
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
