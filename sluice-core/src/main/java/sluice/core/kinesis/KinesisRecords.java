package sluice.core.kinesis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRecord;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.common.Clock;
import sluice.core.storage.ShardStore;
import sluice.core.storage.StorageEngine;
import sluice.core.storage.Written;

/**
 * The data plane of a stream: PutRecord(s), GetShardIterator and GetRecords, with AWS's limits.
 * Every method runs on the lane that owns the stream. Retention is enforced lazily: a shard is
 * trimmed to its retention before every read (and by the service's periodic sweep), so a record
 * older than the retention is never returned whatever the timer did.
 */
final class KinesisRecords {
    /** The largest MaxRecordSizeInKiB (UpdateMaxRecordSize); 1024 is a stream's default. */
    static final int MAX_RECORD_SIZE_KIB = 10_240;
    static final int MAX_PUT_RECORDS = 500;
    static final long MAX_PUT_RECORDS_BYTES = 5L * 1024 * 1024;
    static final int MAX_GET_RECORDS = 10_000;
    static final long MAX_GET_BYTES = 10L * 1024 * 1024;

    private final StorageEngine engine;
    private final Clock clock;
    private final ShardIterators iterators;
    /** Told of every append, to push it to SubscribeToShard subscribers once durable. */
    private final ShardSubscriptions subscriptions;
    /** Whether AWS's per-shard throughput limits are enforced (kinesis.limits: strict); else only measured. */
    private final boolean strictLimits;

    KinesisRecords(StorageEngine engine, Clock clock, ShardIterators iterators, ShardSubscriptions subscriptions) {
        this(engine, clock, iterators, subscriptions, false);
    }

    KinesisRecords(StorageEngine engine, Clock clock, ShardIterators iterators, ShardSubscriptions subscriptions,
                   boolean strictLimits) {
        this.engine = engine;
        this.clock = clock;
        this.iterators = iterators;
        this.subscriptions = subscriptions;
        this.strictLimits = strictLimits;
    }

    /** AWS's message when a shard's throughput limit refuses a call or a record. */
    static String rateExceeded(KinesisStream stream, int shard) {
        return "Rate exceeded for shard " + KinesisStream.shardId(shard) + " in stream " + stream.name + " under account "
                + stream.account + ".";
    }

    private static long size(byte[] data, String partitionKey) {
        return data.length + (partitionKey == null ? 0 : partitionKey.getBytes(StandardCharsets.UTF_8).length);
    }

    /** The partition key stored with a record: none ("") when an AUTO stream was given none. */
    private static String storedKey(String partitionKey) {
        return partitionKey == null ? "" : partitionKey;
    }

    /** Validates one record and returns the open shard it goes to. */
    private static int route(KinesisStream stream, byte[] data, String partitionKey, String explicitHashKey) {
        if (data == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'data' failed to satisfy constraint: Member must not be null");
        }
        boolean auto = stream.recordDistribution.equals("AUTO");
        if (auto ? partitionKey != null && (partitionKey.isEmpty() || partitionKey.length() > 256)
                : partitionKey == null || partitionKey.isEmpty() || partitionKey.length() > 256) {
            throw KinesisException.validation("1 validation error detected: Value '" + partitionKey
                    + "' at 'partitionKey' failed to satisfy constraint: Member must have length between 1 and 256");
        }
        int maxRecordBytes = stream.maxRecordSizeKiB * 1024;
        if (size(data, partitionKey) > maxRecordBytes) {
            throw KinesisException.validation("1 validation error detected: Value at 'data' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + maxRecordBytes);
        }
        if (auto) { // AWS ignores the partition key and ExplicitHashKey and spreads records evenly
            ShardDescriptor next = stream.shards.nextOpen(stream.autoLastStart);
            stream.autoLastStart = next.startingHashKey();
            return next.index();
        }
        BigInteger hashKey;
        if (explicitHashKey != null) {
            hashKey = HashKeys.parseExplicit(explicitHashKey);
            if (hashKey == null) {
                throw KinesisException.invalidArgument("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was "
                        + explicitHashKey);
            }
        } else {
            hashKey = HashKeys.ofPartitionKey(partitionKey);
        }
        return stream.shards.route(hashKey).index();
    }

    /** What a DryRun call that passed its checks gets instead of running. */
    static KinesisException dryRun() {
        return KinesisError.DRY_RUN.error("Request would have succeeded, but DryRun flag is set.");
    }

    CompletableFuture<KinesisResult> putRecord(KinesisStream stream, KinesisRequest.PutRecord r) {
        int shard = route(stream, r.data(), r.partitionKey(), r.explicitHashKey());
        if (r.dryRun()) {
            throw dryRun();
        }
        long now = clock.millis();
        if (!stream.throughput.admitWrite(shard, size(r.data(), r.partitionKey()), now, strictLimits)) {
            throw KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED.error(rateExceeded(stream, shard));
        }
        ShardStore store = stream.store(engine, shard);
        Written<List<Long>> written = store.append(List.of(stream.toStore(shard, now, storedKey(r.partitionKey()), r.data())));
        subscriptions.appended(stream, shard, written);
        String seq = stream.sequenceNumber(shard, written.value().getFirst());
        String encryption = stream.shards.get(shard).encrypted() ? "KMS" : "NONE";
        return written.durable().thenApply(v -> new KinesisResult.PutRecord(KinesisStream.shardId(shard), seq, encryption));
    }

    CompletableFuture<KinesisResult> putRecords(KinesisStream stream, KinesisRequest.PutRecords r) {
        List<KinesisRequest.PutRecordsEntry> entries = r.records();
        if (entries == null || entries.isEmpty() || entries.size() > MAX_PUT_RECORDS) {
            throw KinesisException.validation("1 validation error detected: Value at 'records' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 500 and greater than or equal to 1");
        }
        long total = 0;
        int[] shards = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            KinesisRequest.PutRecordsEntry e = entries.get(i);
            shards[i] = route(stream, e.data(), e.partitionKey(), e.explicitHashKey());
            total += size(e.data(), e.partitionKey());
        }
        // a stream that takes records over 5 MiB takes PutRecords calls as large as one such record
        if (total > Math.max(MAX_PUT_RECORDS_BYTES, stream.maxRecordSizeKiB * 1024L)) {
            throw KinesisException.invalidArgument("Records size exceeds 5 MB limit");
        }
        if (r.dryRun()) {
            throw dryRun();
        }
        long now = clock.millis();
        KinesisResult.PutRecordsEntry[] results = new KinesisResult.PutRecordsEntry[entries.size()];
        Map<Integer, List<Integer>> byShard = new LinkedHashMap<>();
        int failed = 0;
        for (int i = 0; i < entries.size(); i++) {
            KinesisRequest.PutRecordsEntry e = entries.get(i);
            if (stream.throughput.admitWrite(shards[i], size(e.data(), e.partitionKey()), now, strictLimits)) {
                byShard.computeIfAbsent(shards[i], k -> new ArrayList<>()).add(i);
            } else {
                results[i] = new KinesisResult.PutRecordsEntry(null, null, KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED.type(),
                        rateExceeded(stream, shards[i]));
                failed++;
            }
        }
        List<CompletableFuture<Void>> durable = new ArrayList<>(byShard.size());
        for (Map.Entry<Integer, List<Integer>> shard : byShard.entrySet()) { // one append per shard
            List<ShardStore.NewRecord> batch = new ArrayList<>(shard.getValue().size());
            for (int i : shard.getValue()) {
                KinesisRequest.PutRecordsEntry e = entries.get(i);
                batch.add(stream.toStore(shard.getKey(), now, storedKey(e.partitionKey()), e.data()));
            }
            Written<List<Long>> written = stream.store(engine, shard.getKey()).append(batch);
            subscriptions.appended(stream, shard.getKey(), written);
            durable.add(written.durable());
            for (int j = 0; j < batch.size(); j++) {
                results[shard.getValue().get(j)] = new KinesisResult.PutRecordsEntry(KinesisStream.shardId(shard.getKey()),
                        stream.sequenceNumber(shard.getKey(), written.value().get(j)), null, null);
            }
        }
        int failedRecords = failed;
        String encryption = stream.encryptionType;
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                .thenApply(v -> new KinesisResult.PutRecords(failedRecords, List.of(results), encryption));
    }

    KinesisResult getShardIterator(KinesisStream stream, KinesisRequest.GetShardIterator r) {
        int shard = stream.shardIndex(r.shardId());
        if (shard < 0) {
            throw KinesisError.RESOURCE_NOT_FOUND.error("Shard " + r.shardId() + " in stream " + stream.name
                    + " under account " + stream.account + " does not exist");
        }
        ShardStore store = stream.store(engine, shard);
        trim(stream, store);
        String type = r.shardIteratorType();
        if (type == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'shardIteratorType' failed to satisfy constraint: Member must not be null");
        }
        long position = switch (type) {
            case "TRIM_HORIZON" -> store.firstPosition();
            case "LATEST" -> store.nextPosition();
            case "AT_SEQUENCE_NUMBER" -> Math.max(0, sequencePosition(stream, shard, r.startingSequenceNumber()));
            case "AFTER_SEQUENCE_NUMBER" -> sequencePosition(stream, shard, r.startingSequenceNumber()) + 1;
            case "AT_TIMESTAMP" -> {
                if (r.timestamp() == null) {
                    throw KinesisException.invalidArgument("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.");
                }
                if (r.timestamp() > clock.millis()) {
                    throw KinesisException.invalidArgument("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: "
                            + r.timestamp() + ", currentTimestampInMillis: " + clock.millis());
                }
                yield store.positionAt(r.timestamp());
            }
            default -> throw KinesisException.validation("1 validation error detected: Value '" + type
                    + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[AFTER_SEQUENCE_NUMBER, AT_SEQUENCE_NUMBER, AT_TIMESTAMP, TRIM_HORIZON, LATEST]");
        };
        if (r.dryRun()) {
            throw dryRun();
        }
        return new KinesisResult.ShardIterator(iterators.seal(new ShardIterators.Position(stream.id, shard, position, clock.millis())));
    }

    private static long sequencePosition(KinesisStream stream, int shard, String sequenceNumber) {
        if (sequenceNumber == null) {
            throw KinesisException.invalidArgument("StartingSequenceNumber must be specified for iterator types AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER.");
        }
        long position = stream.positionOf(shard, sequenceNumber);
        if (position == KinesisStream.NOT_THIS_SHARDS) {
            throw KinesisException.invalidArgument("StartingSequenceNumber " + sequenceNumber + " used in GetShardIterator on shard "
                    + KinesisStream.shardId(shard) + " in stream " + stream.name + " under account " + stream.account + " is invalid.");
        }
        return position;
    }

    /** Opens a token, or fails as AWS does; the stream is looked up by the caller from the position. */
    ShardIterators.Position open(String token) {
        ShardIterators.Position p = token == null ? null : iterators.open(token);
        if (p == null) {
            throw KinesisException.invalidArgument("Invalid ShardIterator.");
        }
        long now = clock.millis();
        if (now - p.issuedAt() > ShardIterators.LIFETIME_MILLIS) {
            throw KinesisError.EXPIRED_ITERATOR.error("Iterator expired. The iterator was created at time "
                    + java.time.Instant.ofEpochMilli(p.issuedAt()) + " while right now it is " + java.time.Instant.ofEpochMilli(now)
                    + " which is further in the future than the tolerated delay of " + ShardIterators.LIFETIME_MILLIS + " milliseconds.");
        }
        return p;
    }

    KinesisResult getRecords(KinesisStream stream, ShardIterators.Position at, Integer limit, boolean dryRun) {
        int max = limit == null ? MAX_GET_RECORDS : limit;
        if (max < 1 || max > MAX_GET_RECORDS) {
            throw KinesisException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000 and greater than or equal to 1");
        }
        ShardDescriptor shard = stream.shards.get(at.shardIndex());
        if (shard == null) {
            throw KinesisError.RESOURCE_NOT_FOUND.error("Shard " + KinesisStream.shardId(at.shardIndex()) + " in stream "
                    + stream.name + " under account " + stream.account + " does not exist");
        }
        if (dryRun) {
            throw dryRun();
        }
        long now = clock.millis();
        if (!stream.throughput.admitRead(at.shardIndex(), now, strictLimits)) {
            throw KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED.error(rateExceeded(stream, at.shardIndex()));
        }
        ShardStore store = stream.store(engine, at.shardIndex());
        trim(stream, store);
        ShardStore.Read read = store.read(at.position(), max, MAX_GET_BYTES);
        List<KinesisRecord> records = new ArrayList<>(read.records().size());
        long bytes = 0;
        for (ShardStore.StoredRecord r : read.records()) {
            KinesisRecord record = stream.toKinesisRecord(at.shardIndex(), r);
            records.add(record);
            bytes += size(record.data(), record.partitionKey());
        }
        stream.throughput.read(at.shardIndex(), bytes, now);
        if (!shard.isOpen() && read.nextPosition() >= shard.endPosition()) {
            return new KinesisResult.Records(records, null, 0, stream.childShards(at.shardIndex()));
        }
        long behind = read.nextPosition() >= store.nextPosition() ? 0 : Math.max(0, now - store.arrivedAt(read.nextPosition()));
        String next = iterators.seal(new ShardIterators.Position(stream.id, at.shardIndex(), read.nextPosition(), now));
        return new KinesisResult.Records(records, next, behind);
    }

    /** Drops what outlived the stream's retention from one shard. */
    CompletableFuture<Void> trim(KinesisStream stream, ShardStore store) {
        return store.trim(clock.millis() - stream.retentionHours * 3_600_000L).durable();
    }

    /**
     * Trims every shard to the retention and drops the closed shards whose closing is older than
     * the retention (records and all); returns whether any shard was dropped, so the caller
     * persists the stream's metadata.
     */
    boolean trimAll(KinesisStream stream) {
        long horizon = clock.millis() - stream.retentionHours * 3_600_000L;
        List<ShardDescriptor> expired = stream.shards.expire(horizon);
        for (ShardDescriptor gone : expired) {
            stream.dropStore(engine, gone.index()).delete();
            stream.throughput.forget(gone.index());
        }
        for (ShardDescriptor shard : stream.shards.all()) {
            trim(stream, stream.store(engine, shard.index()));
        }
        return !expired.isEmpty();
    }
}
