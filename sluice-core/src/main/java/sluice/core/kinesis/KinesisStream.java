package sluice.core.kinesis;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import sluice.api.kinesis.Shard;
import sluice.common.Arn;
import sluice.common.Json;
import sluice.core.storage.ShardStore;
import sluice.core.storage.StorageEngine;

/**
 * One stream: its metadata (kept durable as a JSON metadata record in the {@code kinesis}
 * namespace) and its shards' stores. The stream id is unique for the life of the data directory,
 * so a re-created stream of the same name never sees the old one's records or sequence numbers.
 *
 * <p>Confinement: after creation, every field is read and written only on the lane that owns the
 * stream id ({@code Lanes.laneFor(id)}); shard stores are opened there, lazily.
 */
final class KinesisStream {
    static final String NAMESPACE = "kinesis";

    final long id;
    final String account;
    final String region;
    final String name;
    final long createdAt;
    final long activeAt;
    final int shardCount;
    String mode;
    int retentionHours;
    /** NONE, or KMS with {@link #keyId}; recorded only, records are not encrypted at rest by it. */
    String encryptionType = "NONE";
    String keyId;
    final TreeMap<String, String> tags = new TreeMap<>();
    final TreeSet<String> metrics = new TreeSet<>();
    /** Registered enhanced fan-out consumers: name → creation time (epoch millis). */
    final TreeMap<String, Long> consumers = new TreeMap<>();
    private final ShardStore[] stores;

    KinesisStream(long id, String account, String region, String name, long createdAt, long activeAt, int shardCount,
                  String mode, int retentionHours) {
        this.id = id;
        this.account = account;
        this.region = region;
        this.name = name;
        this.createdAt = createdAt;
        this.activeAt = activeAt;
        this.shardCount = shardCount;
        this.mode = mode;
        this.retentionHours = retentionHours;
        this.stores = new ShardStore[shardCount];
    }

    static String key(String account, String region, String name) {
        return account + "/" + region + "/" + name;
    }

    String key() {
        return key(account, region, name);
    }

    String arn() {
        return Arn.of("kinesis", region, account, "stream/" + name).toString();
    }

    String status(long now) {
        return now >= activeAt ? "ACTIVE" : "CREATING";
    }

    static String shardId(int index) {
        String digits = Integer.toString(index);
        return "shardId-" + "0".repeat(12 - digits.length()) + digits;
    }

    /** The index of a shard id ({@code shardId-000000000001}, or just its number as AWS accepts), or -1. */
    int shardIndex(String shardId) {
        if (shardId == null) {
            return -1;
        }
        String digits = shardId.startsWith("shardId-") ? shardId.substring(8) : shardId;
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long index = Long.parseLong(digits);
        return index < shardCount ? (int) index : -1;
    }

    String consumerArn(String consumer) {
        return arn() + "/consumer/" + consumer + ":" + consumers.get(consumer) / 1000;
    }

    Shard shard(int index) {
        return new Shard(shardId(index), null, null, HashKeys.start(index, shardCount).toString(),
                HashKeys.end(index, shardCount).toString(), SequenceNumbers.of(id, index, 0), null);
    }

    String sequenceNumber(int shard, long position) {
        return SequenceNumbers.of(id, shard, position);
    }

    ShardStore store(StorageEngine engine, int index) {
        if (stores[index] == null) {
            stores[index] = engine.openShard(id + "-" + index);
        }
        return stores[index];
    }

    byte[] toRecord() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("id", id);
        m.put("account", account);
        m.put("region", region);
        m.put("name", name);
        m.put("createdAt", createdAt);
        m.put("activeAt", activeAt);
        m.put("shards", shardCount);
        m.put("mode", mode);
        m.put("retentionHours", retentionHours);
        m.put("tags", new LinkedHashMap<>(tags));
        m.put("metrics", new ArrayList<>(metrics));
        m.put("encryptionType", encryptionType);
        m.put("keyId", keyId);
        m.put("consumers", new LinkedHashMap<>(consumers));
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static KinesisStream fromRecord(byte[] record) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(new String(record, StandardCharsets.UTF_8));
        int version = num(m, "v").intValue();
        if (version != 1) {
            throw new IllegalStateException("unknown Kinesis stream record version " + version
                    + ": upgrade Sluice to read this data directory");
        }
        KinesisStream s = new KinesisStream(num(m, "id").longValue(), (String) m.get("account"), (String) m.get("region"),
                (String) m.get("name"), num(m, "createdAt").longValue(), num(m, "activeAt").longValue(),
                num(m, "shards").intValue(), (String) m.get("mode"), num(m, "retentionHours").intValue());
        ((Map<String, Object>) m.get("tags")).forEach((k, v) -> s.tags.put(k, (String) v));
        if (m.get("encryptionType") != null) {
            s.encryptionType = (String) m.get("encryptionType");
            s.keyId = (String) m.get("keyId");
        }
        Object consumers = m.get("consumers");
        if (consumers != null) {
            ((Map<String, Object>) consumers).forEach((k, v) -> s.consumers.put(k, ((BigDecimal) v).longValue()));
        }
        for (Object metric : (List<Object>) m.get("metrics")) {
            s.metrics.add((String) metric);
        }
        return s;
    }

    private static BigDecimal num(Map<String, Object> m, String key) {
        return (BigDecimal) m.get(key);
    }
}
