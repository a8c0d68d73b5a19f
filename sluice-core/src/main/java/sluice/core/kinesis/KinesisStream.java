package sluice.core.kinesis;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import sluice.api.kinesis.ChildShard;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisRecord;
import sluice.api.kinesis.Shard;
import sluice.common.Arn;
import sluice.common.Json;
import sluice.core.storage.ShardStore;
import sluice.core.storage.StorageEngine;

/**
 * One stream: its metadata (kept durable as a JSON metadata record in the {@code kinesis}
 * namespace) and its shards' stores. The stream id is unique for the life of the data directory,
 * so a re-created stream of the same name never sees the old one's records or sequence numbers.
 * Each shard's store is keyed {@code id + "-" + shard index}; resharding adds indices, never reuses one.
 *
 * <p>Metadata record versions: 2 keeps the shard descriptors ({@link StreamShards}: hash ranges,
 * parents, open/close times, encryption toggles), the next shard index, the UPDATING deadline and
 * the recent UpdateShardCount and UpdateStreamMode times; 1 (read, never written) kept only a count
 * of even, open shards, which reads as {@link StreamShards#uniform} opened at creation.
 *
 * <p>Confinement: after creation, every field is read and written only on the lane that owns the
 * stream id ({@code Lanes.laneFor(id)}); shard stores are opened there, lazily. The one exception
 * is {@link #openShardCount}, volatile, which the account's shard limit reads from any thread.
 */
final class KinesisStream {
    static final String NAMESPACE = "kinesis";
    /** {@link #positionOf} for a number that is not one of the shard's. */
    static final long NOT_THIS_SHARDS = Long.MIN_VALUE;

    final long id;
    final String account;
    final String region;
    /** The ordinal of a shard's first record in its sequence numbers (see {@link #sequenceNumber}). */
    int sequenceBase = 1;
    final String name;
    final long createdAt;
    final long activeAt;
    /** The shards, open and closed; replaced only on the lane. */
    StreamShards shards;
    /** Open shards, readable from any thread (the account's shard limit counts them across streams). */
    volatile int openShardCount;
    /** Until when the stream reports UPDATING after a reshard or mode change (epoch millis). */
    long updatingUntil;
    /** When UpdateShardCount last succeeded (epoch millis), for its rolling 24-hour call limit. */
    final List<Long> scalings = new ArrayList<>();
    /** When UpdateStreamMode last succeeded (epoch millis), for its rolling 24-hour limit. */
    final List<Long> modeSwitches = new ArrayList<>();
    String mode;
    int retentionHours;
    /** NONE, or KMS with {@link #keyId}: records appended meanwhile are stored sealed ({@link RecordCipher}). */
    String encryptionType = "NONE";
    String keyId;
    final TreeMap<String, String> tags = new TreeMap<>();
    final TreeSet<String> metrics = new TreeSet<>();
    /** Registered enhanced fan-out consumers: name → creation time (epoch millis). */
    final TreeMap<String, Long> consumers = new TreeMap<>();
    /** The stream's resource policy (a JSON document), or null. */
    String policy;
    /** Resource policies of consumers: consumer name → JSON document. */
    final TreeMap<String, String> consumerPolicies = new TreeMap<>();
    /** The largest record (data and partition key) PutRecord(s) take, in KiB (UpdateMaxRecordSize). */
    int maxRecordSizeKiB = 1024;
    /** The warm throughput an on-demand stream is scaled to (UpdateStreamWarmThroughput), MiB/s; 0 when none was asked. */
    int warmThroughputMiBps;
    /** USER_PARTITION_KEY, or AUTO: records spread evenly over the open shards, partition keys ignored. */
    String recordDistribution = "USER_PARTITION_KEY";
    /** The starting hash key of the open shard AUTO distribution used last (round robin); not persisted. */
    BigInteger autoLastStart;
    /** Seals and opens records of shards under encryption at rest; set by the service once the stream is known. */
    RecordCipher cipher;
    /** Per-shard throughput, for the strict limits and on-demand scaling; not persisted. */
    final ShardThroughput throughput = new ShardThroughput();
    private final Map<Integer, ShardStore> stores = new java.util.HashMap<>();

    KinesisStream(long id, String account, String region, String name, long createdAt, long activeAt, StreamShards shards,
                  String mode, int retentionHours) {
        this.id = id;
        this.account = account;
        this.region = region;
        this.name = name;
        this.createdAt = createdAt;
        this.activeAt = activeAt;
        this.shards = shards;
        this.openShardCount = shards.openCount();
        this.mode = mode;
        this.retentionHours = retentionHours;
    }

    /** Records a change of the shard set: the open count others read, and UPDATING until {@code until}. */
    void resharded(long until) {
        openShardCount = shards.openCount();
        updating(until);
    }

    /** Refuses a control-plane change (reshard, mode, encryption) unless the stream is ACTIVE, as AWS does. */
    void requireActive(long now) {
        String status = status(now);
        if (!status.equals("ACTIVE")) {
            throw KinesisError.RESOURCE_IN_USE.error("Stream " + name + " under account " + account
                    + " not ACTIVE, instead in state " + status);
        }
    }

    /** Reports UPDATING until {@code until} (epoch millis). */
    void updating(long until) {
        updatingUntil = Math.max(updatingUntil, until);
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
        return now < activeAt ? "CREATING" : now < updatingUntil ? "UPDATING" : "ACTIVE";
    }

    static String shardId(int index) {
        String digits = Integer.toString(index);
        return "shardId-" + "0".repeat(12 - digits.length()) + digits;
    }

    /** The index of a kept shard (open or closed) by id ({@code shardId-000000000001}, or just its number as AWS accepts), or -1. */
    int shardIndex(String shardId) {
        long index = parseShardIndex(shardId);
        return index >= 0 && index <= Integer.MAX_VALUE && shards.get((int) index) != null ? (int) index : -1;
    }

    /** The number a shard id names, whether or not the shard exists, or -1 when it is not a shard id. */
    static long parseShardIndex(String shardId) {
        if (shardId == null) {
            return -1;
        }
        String digits = shardId.startsWith("shardId-") ? shardId.substring(8) : shardId;
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    String consumerArn(String consumer) {
        return arn() + "/consumer/" + consumer + ":" + consumers.get(consumer) / 1000;
    }

    Shard shard(int index) {
        return shards.get(index).toShard(id, sequenceBase);
    }

    /**
     * The children of a shard as GetRecords and SubscribeToShard report them once the shard has
     * been read to its end: empty while the shard is open (or unknown). Call on the stream's lane.
     */
    List<ChildShard> childShards(int index) {
        List<ChildShard> out = new ArrayList<>(2);
        for (ShardDescriptor c : shards.children(index)) {
            List<String> parents = c.adjacentParent() < 0 ? List.of(shardId(c.parent()))
                    : List.of(shardId(c.parent()), shardId(c.adjacentParent()));
            out.add(new ChildShard(shardId(c.index()), parents, c.startingHashKey().toString(), c.endingHashKey().toString()));
        }
        return out;
    }

    /**
     * The number of the record at {@code position}. A shard's StartingSequenceNumber is ordinal 0
     * and its records count from {@link #sequenceBase}: 1, so that every record's number is above
     * the shard's starting one as on AWS (streams created before Sluice did that have base 0, and
     * keep it, so their stored numbers stay valid).
     */
    String sequenceNumber(int shard, long position) {
        return SequenceNumbers.of(id, shard, position + sequenceBase);
    }

    /** The number a reader that stopped before {@code position} continues after (the shard's start at 0). */
    String sequenceNumberBefore(int shard, long position) {
        return SequenceNumbers.of(id, shard, Math.max(0, position - 1 + sequenceBase));
    }

    /**
     * The position a sequence number of this shard stands for: -1 for the shard's
     * StartingSequenceNumber (when records count from 1), or {@link #NOT_THIS_SHARDS} when it is not a
     * number of this shard.
     */
    long positionOf(int shard, String sequenceNumber) {
        long ordinal = SequenceNumbers.position(sequenceNumber, id, shard);
        return ordinal < 0 ? NOT_THIS_SHARDS : ordinal - sequenceBase;
    }

    /** A record to append to an open shard, sealed when the shard stores new records encrypted. */
    ShardStore.NewRecord toStore(int shard, long arrivedAt, String partitionKey, byte[] data) {
        if (!shards.get(shard).encrypted()) {
            return new ShardStore.NewRecord(arrivedAt, partitionKey, data);
        }
        return new ShardStore.NewRecord(arrivedAt, cipher.sealPartitionKey(id, shard, partitionKey), cipher.sealData(id, shard, data));
    }

    /**
     * A stored record as readers see it (GetRecords, SubscribeToShard): opened when it was stored
     * encrypted, with EncryptionType KMS then. Call on the stream's lane.
     */
    KinesisRecord toKinesisRecord(int shard, ShardStore.StoredRecord r) {
        String sequenceNumber = sequenceNumber(shard, r.position());
        ShardDescriptor d = shards.get(shard);
        if (d == null || !d.encryptedAt(r.position())) {
            return new KinesisRecord(sequenceNumber, r.arrivedAt(), r.data(), r.partitionKey());
        }
        return new KinesisRecord(sequenceNumber, r.arrivedAt(), cipher.openData(id, shard, r.data()),
                cipher.openPartitionKey(id, shard, r.partitionKey()), "KMS");
    }

    /** The engine's key for a stream's shard. */
    static String shardKey(long streamId, int shardIndex) {
        return streamId + "-" + shardIndex;
    }

    ShardStore store(StorageEngine engine, int index) {
        return stores.computeIfAbsent(index, i -> engine.openShard(shardKey(id, i)));
    }

    /** Forgets the store of a dropped shard (the caller deletes its records). */
    ShardStore dropStore(StorageEngine engine, int index) {
        ShardStore store = store(engine, index);
        stores.remove(index);
        return store;
    }

    byte[] toRecord() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 2);
        m.put("id", id);
        m.put("account", account);
        m.put("region", region);
        m.put("name", name);
        m.put("createdAt", createdAt);
        m.put("activeAt", activeAt);
        List<Object> shardList = new ArrayList<>();
        shards.all().forEach(d -> shardList.add(d.toMap()));
        m.put("shards", shardList);
        m.put("nextShardIndex", shards.nextIndex());
        m.put("updatingUntil", updatingUntil);
        m.put("scalings", new ArrayList<>(scalings));
        m.put("modeSwitches", new ArrayList<>(modeSwitches));
        m.put("mode", mode);
        m.put("retentionHours", retentionHours);
        m.put("tags", new LinkedHashMap<>(tags));
        m.put("metrics", new ArrayList<>(metrics));
        m.put("encryptionType", encryptionType);
        m.put("keyId", keyId);
        m.put("consumers", new LinkedHashMap<>(consumers));
        m.put("sequenceBase", sequenceBase);
        m.put("policy", policy);
        m.put("consumerPolicies", new LinkedHashMap<>(consumerPolicies));
        m.put("maxRecordSizeKiB", maxRecordSizeKiB);
        m.put("warmThroughputMiBps", warmThroughputMiBps);
        m.put("recordDistribution", recordDistribution);
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static KinesisStream fromRecord(byte[] record) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(new String(record, StandardCharsets.UTF_8));
        int version = num(m, "v").intValue();
        if (version != 1 && version != 2) {
            throw new IllegalStateException("unknown Kinesis stream record version " + version
                    + ": upgrade Sluice to read this data directory");
        }
        long createdAt = num(m, "createdAt").longValue();
        StreamShards shards;
        if (version == 1) { // version 1 kept only a count of even, open shards
            shards = StreamShards.uniform(num(m, "shards").intValue(), createdAt);
        } else {
            List<ShardDescriptor> descriptors = new ArrayList<>();
            for (Object d : (List<Object>) m.get("shards")) {
                descriptors.add(ShardDescriptor.fromMap((Map<String, Object>) d));
            }
            shards = new StreamShards(descriptors, num(m, "nextShardIndex").intValue());
        }
        KinesisStream s = new KinesisStream(num(m, "id").longValue(), (String) m.get("account"), (String) m.get("region"),
                (String) m.get("name"), createdAt, num(m, "activeAt").longValue(),
                shards, (String) m.get("mode"), num(m, "retentionHours").intValue());
        if (version == 2) {
            s.updatingUntil = num(m, "updatingUntil").longValue();
            for (Object t : (List<Object>) m.get("scalings")) {
                s.scalings.add(((BigDecimal) t).longValue());
            }
            for (Object t : (List<Object>) m.getOrDefault("modeSwitches", List.of())) {
                s.modeSwitches.add(((BigDecimal) t).longValue());
            }
        }
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
        s.sequenceBase = m.containsKey("sequenceBase") ? num(m, "sequenceBase").intValue() : 0;
        s.policy = (String) m.get("policy");
        Object consumerPolicies = m.get("consumerPolicies");
        if (consumerPolicies != null) {
            ((Map<String, Object>) consumerPolicies).forEach((k, v) -> s.consumerPolicies.put(k, (String) v));
        }
        if (m.get("maxRecordSizeKiB") != null) {
            s.maxRecordSizeKiB = num(m, "maxRecordSizeKiB").intValue();
        }
        if (m.get("recordDistribution") != null) {
            s.recordDistribution = (String) m.get("recordDistribution");
        }
        if (m.get("warmThroughputMiBps") != null) {
            s.warmThroughputMiBps = num(m, "warmThroughputMiBps").intValue();
        }
        return s;
    }

    private static BigDecimal num(Map<String, Object> m, String key) {
        return (BigDecimal) m.get(key);
    }
}
