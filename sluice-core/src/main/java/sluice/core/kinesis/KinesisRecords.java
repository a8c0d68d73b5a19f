package sluice.core.kinesis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    static final int MAX_RECORD_BYTES = 1024 * 1024;
    static final int MAX_PUT_RECORDS = 500;
    static final long MAX_PUT_RECORDS_BYTES = 5L * 1024 * 1024;
    static final int MAX_GET_RECORDS = 10_000;
    static final long MAX_GET_BYTES = 10L * 1024 * 1024;

    private final StorageEngine engine;
    private final Clock clock;
    private final ShardIterators iterators;

    KinesisRecords(StorageEngine engine, Clock clock, ShardIterators iterators) {
        this.engine = engine;
        this.clock = clock;
        this.iterators = iterators;
    }

    /** Validates one record and returns the shard it goes to. */
    private static int route(KinesisStream stream, byte[] data, String partitionKey, String explicitHashKey) {
        if (data == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'data' failed to satisfy constraint: Member must not be null");
        }
        if (partitionKey == null || partitionKey.isEmpty() || partitionKey.length() > 256) {
            throw KinesisException.validation("1 validation error detected: Value '" + partitionKey
                    + "' at 'partitionKey' failed to satisfy constraint: Member must have length between 1 and 256");
        }
        if (data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length > MAX_RECORD_BYTES) {
            throw KinesisException.validation("1 validation error detected: Value at 'data' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + MAX_RECORD_BYTES);
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
        return HashKeys.shardFor(hashKey, stream.shardCount);
    }

    CompletableFuture<KinesisResult> putRecord(KinesisStream stream, KinesisRequest.PutRecord r) {
        int shard = route(stream, r.data(), r.partitionKey(), r.explicitHashKey());
        ShardStore store = stream.store(engine, shard);
        Written<List<Long>> written = store.append(List.of(new ShardStore.NewRecord(clock.millis(), r.partitionKey(), r.data())));
        String seq = stream.sequenceNumber(shard, written.value().getFirst());
        return written.durable().thenApply(v -> new KinesisResult.PutRecord(KinesisStream.shardId(shard), seq, stream.encryptionType));
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
            total += e.data().length + e.partitionKey().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > MAX_PUT_RECORDS_BYTES) {
            throw KinesisException.invalidArgument("Records size exceeds 5 MB limit");
        }
        long now = clock.millis();
        List<KinesisResult.PutRecordsEntry> results = new ArrayList<>(entries.size());
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            KinesisRequest.PutRecordsEntry e = entries.get(i);
            Written<List<Long>> written = stream.store(engine, shards[i])
                    .append(List.of(new ShardStore.NewRecord(now, e.partitionKey(), e.data())));
            durable.add(written.durable());
            results.add(new KinesisResult.PutRecordsEntry(KinesisStream.shardId(shards[i]),
                    stream.sequenceNumber(shards[i], written.value().getFirst()), null, null));
        }
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                .thenApply(v -> new KinesisResult.PutRecords(0, results, stream.encryptionType));
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
            case "AT_SEQUENCE_NUMBER" -> sequencePosition(stream, shard, r.startingSequenceNumber());
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
        return new KinesisResult.ShardIterator(iterators.seal(new ShardIterators.Position(stream.id, shard, position, clock.millis())));
    }

    private static long sequencePosition(KinesisStream stream, int shard, String sequenceNumber) {
        if (sequenceNumber == null) {
            throw KinesisException.invalidArgument("StartingSequenceNumber must be specified for iterator types AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER.");
        }
        long position = SequenceNumbers.position(sequenceNumber, stream.id, shard);
        if (position < 0) {
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

    KinesisResult getRecords(KinesisStream stream, ShardIterators.Position at, Integer limit) {
        int max = limit == null ? MAX_GET_RECORDS : limit;
        if (max < 1 || max > MAX_GET_RECORDS) {
            throw KinesisException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000 and greater than or equal to 1");
        }
        ShardStore store = stream.store(engine, at.shardIndex());
        trim(stream, store);
        ShardStore.Read read = store.read(at.position(), max, MAX_GET_BYTES);
        List<KinesisRecord> records = new ArrayList<>(read.records().size());
        for (ShardStore.StoredRecord r : read.records()) {
            records.add(new KinesisRecord(stream.sequenceNumber(at.shardIndex(), r.position()), r.arrivedAt(), r.data(), r.partitionKey()));
        }
        long now = clock.millis();
        long behind = read.nextPosition() >= store.nextPosition() ? 0 : Math.max(0, now - store.arrivedAt(read.nextPosition()));
        String next = iterators.seal(new ShardIterators.Position(stream.id, at.shardIndex(), read.nextPosition(), now));
        return new KinesisResult.Records(records, next, behind);
    }

    /** Drops what outlived the stream's retention from one shard. */
    CompletableFuture<Void> trim(KinesisStream stream, ShardStore store) {
        return store.trim(clock.millis() - stream.retentionHours * 3_600_000L).durable();
    }

    void trimAll(KinesisStream stream) {
        for (int i = 0; i < stream.shardCount; i++) {
            trim(stream, stream.store(engine, i));
        }
    }
}
