package sluice.core.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ShardStore} built on an engine's metadata records: one namespace per shard, one record
 * per position (key: the position as 16 hex digits, so key order is position order), plus a
 * {@code next} record holding the next position so positions are never reused after the whole
 * shard was trimmed. Every write goes through the engine's durable, group-committed record writes.
 *
 * <p>The index (position → record) is rebuilt from the namespace when the store opens and kept in
 * memory afterwards; arrival times are non-decreasing along positions, so AT_TIMESTAMP is a binary
 * search over the held positions.
 *
 * <p>Value format, version 1: {@code 0x01 ‖ arrivedAt (8) ‖ keyLength (2) ‖ partition key UTF-8 ‖ data}.
 */
public final class RecordShardStore implements ShardStore {
    private static final byte VERSION = 1;
    private static final String NEXT_KEY = "next";

    private final StorageEngine engine;
    private final String namespace;
    private final TreeMap<Long, StoredRecord> records = new TreeMap<>();
    private long nextPosition;

    public RecordShardStore(StorageEngine engine, String namespace) {
        this.engine = engine;
        this.namespace = namespace;
        for (Map.Entry<String, byte[]> e : engine.records(namespace).entrySet()) {
            if (e.getKey().equals(NEXT_KEY)) {
                nextPosition = Math.max(nextPosition, ByteBuffer.wrap(e.getValue()).getLong());
            } else {
                long position = Long.parseUnsignedLong(e.getKey(), 16);
                records.put(position, decode(position, e.getValue()));
                nextPosition = Math.max(nextPosition, position + 1);
            }
        }
    }

    private static String key(long position) {
        String hex = Long.toHexString(position);
        return "0".repeat(16 - hex.length()) + hex;
    }

    static byte[] encode(NewRecord r) {
        byte[] key = r.partitionKey().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 2 + key.length + r.data().length)
                .put(VERSION).putLong(r.arrivedAt()).putShort((short) key.length).put(key).put(r.data()).array();
    }

    static StoredRecord decode(long position, byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalStateException("unknown shard record format version " + version
                    + "; this Sluice reads version " + VERSION + ": upgrade Sluice to read this data directory");
        }
        long arrivedAt = in.getLong();
        byte[] key = new byte[in.getShort() & 0xffff];
        in.get(key);
        byte[] data = new byte[in.remaining()];
        in.get(data);
        return new StoredRecord(position, arrivedAt, new String(key, StandardCharsets.UTF_8), data);
    }

    @Override
    public Written<List<Long>> append(List<NewRecord> batch) {
        List<Long> positions = new ArrayList<>(batch.size());
        List<CompletableFuture<Void>> writes = new ArrayList<>(batch.size() + 1);
        for (NewRecord r : batch) {
            long position = nextPosition++;
            positions.add(position);
            records.put(position, new StoredRecord(position, r.arrivedAt(), r.partitionKey(), r.data()));
            writes.add(engine.putRecord(namespace, key(position), encode(r)));
        }
        return new Written<>(positions, CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
    }

    @Override
    public Read read(long from, int limit, long maxBytes) {
        List<StoredRecord> out = new ArrayList<>();
        long bytes = 0;
        long next = Math.max(from, firstPosition());
        for (StoredRecord r : records.tailMap(next, true).values()) {
            if (out.size() >= limit || (!out.isEmpty() && bytes + r.data().length > maxBytes)) {
                break;
            }
            out.add(r);
            bytes += r.data().length;
            next = r.position() + 1;
        }
        return new Read(out, next);
    }

    @Override
    public long positionAt(long timestamp) {
        for (StoredRecord r : records.values()) {
            if (r.arrivedAt() >= timestamp) {
                return r.position();
            }
        }
        return nextPosition;
    }

    @Override
    public long firstPosition() {
        return records.isEmpty() ? nextPosition : records.firstKey();
    }

    @Override
    public long nextPosition() {
        return nextPosition;
    }

    @Override
    public long arrivedAt(long position) {
        StoredRecord r = records.get(position);
        return r == null ? -1 : r.arrivedAt();
    }

    @Override
    public Written<Integer> trim(long arrivedBefore) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        int removed = 0;
        while (!records.isEmpty() && records.firstEntry().getValue().arrivedAt() < arrivedBefore) {
            long position = records.pollFirstEntry().getKey();
            if (records.isEmpty()) {
                writes.add(engine.putRecord(namespace, NEXT_KEY, ByteBuffer.allocate(8).putLong(nextPosition).array()));
            }
            writes.add(engine.deleteRecord(namespace, key(position)));
            removed++;
        }
        return new Written<>(removed, CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
    }

    @Override
    public CompletableFuture<Void> delete() {
        records.clear();
        return engine.deleteRecords(namespace, "");
    }
}
