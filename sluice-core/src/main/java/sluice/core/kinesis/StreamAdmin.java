package sluice.core.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;

/**
 * The control-plane answers about one stream (describe, shards, tags, retention), as pure
 * functions of its state; the caller runs them on the stream's lane and persists what changed.
 */
final class StreamAdmin {
    /** AWS: an on-demand stream scales to at most 10 GiB/s of warm throughput. */
    static final int MAX_WARM_THROUGHPUT_MIBPS = 10_240;

    static final int MAX_TAGS = 50;

    private StreamAdmin() {
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 128 || !name.matches("[a-zA-Z0-9_.-]+")) {
            throw KinesisException.validation("1 validation error detected: Value '" + name
                    + "' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
                    + " and have length between 1 and 128");
        }
    }

    static KinesisResult describe(KinesisStream s, KinesisRequest.DescribeStream r, long now) {
        int limit = r.limit() == null ? 100 : r.limit();
        if (limit < 1 || limit > 10_000) {
            throw KinesisException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000 and greater than or equal to 1");
        }
        ShardListing.Page page = ShardListing.page(s, ShardListing.after(r.exclusiveStartShardId()), limit, d -> true);
        return new KinesisResult.StreamDescription(s.name, s.arn(), s.status(now), s.mode, page.shards(), page.more(),
                s.retentionHours, s.createdAt, new ArrayList<>(s.metrics), s.encryptionType, s.keyId);
    }

    /** DescribeStreamSummary; WarmThroughput only for on-demand streams of accounts with the billing commitment. */
    static KinesisResult summary(KinesisStream s, long now, boolean commitmentActive) {
        KinesisResult.WarmThroughput warm = commitmentActive && s.mode.equals("ON_DEMAND")
                ? new KinesisResult.WarmThroughput(s.warmThroughputMiBps, s.warmThroughputMiBps) : null;
        return new KinesisResult.StreamSummary(s.name, s.arn(), s.status(now), s.mode, s.retentionHours, s.createdAt,
                new ArrayList<>(s.metrics), s.encryptionType, s.keyId, s.openShardCount, s.consumers.size(),
                s.maxRecordSizeKiB, warm, s.recordDistribution);
    }

    /**
     * UpdateStreamRecordDistributionStrategy (and CreateStream's RecordDistributionStrategy): AUTO only
     * for on-demand streams; new records follow the new strategy at once, stored ones stay where they are.
     */
    static KinesisResult recordDistribution(KinesisStream s, String strategy) {
        if (strategy == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'recordDistributionStrategy' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        if (!strategy.equals("AUTO") && !strategy.equals("USER_PARTITION_KEY")) {
            throw KinesisException.validation("1 validation error detected: Value '" + strategy + "' at 'recordDistributionStrategy' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: [AUTO, USER_PARTITION_KEY]");
        }
        if (strategy.equals("AUTO") && !s.mode.equals("ON_DEMAND")) {
            throw KinesisException.invalidArgument("The AUTO record distribution strategy is only supported for streams in ON_DEMAND "
                    + "capacity mode; stream " + s.name + " under account " + s.account + " is in " + s.mode + " mode.");
        }
        s.recordDistribution = strategy;
        return new KinesisResult.Empty();
    }

    /** UpdateMaxRecordSize (and CreateStream's MaxRecordSizeInKiB): from 1024 to 10240 KiB. */
    static KinesisResult maxRecordSize(KinesisStream s, Integer kib) {
        if (kib == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'maxRecordSizeInKiB' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        if (kib < 1024 || kib > KinesisRecords.MAX_RECORD_SIZE_KIB) {
            throw KinesisException.validation("1 validation error detected: Value '" + kib + "' at 'maxRecordSizeInKiB' failed to "
                    + "satisfy constraint: Member must have value " + (kib < 1024 ? "greater than or equal to 1024"
                    : "less than or equal to " + KinesisRecords.MAX_RECORD_SIZE_KIB));
        }
        s.maxRecordSizeKiB = kib;
        return new KinesisResult.Empty();
    }

    /**
     * UpdateStreamWarmThroughput: on-demand streams of accounts with the billing commitment, up to
     * 10 GiB/s. Sluice's on-demand streams take what their shards take at once, so the target is
     * reached immediately (CurrentMiBps equals it). The caller checks that the stream is ACTIVE.
     */
    static KinesisResult warmThroughput(KinesisStream s, Integer mibps, boolean commitmentActive) {
        if (mibps == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'warmThroughputMiBps' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        if (mibps < 0) {
            throw KinesisException.validation("1 validation error detected: Value '" + mibps + "' at 'warmThroughputMiBps' failed to "
                    + "satisfy constraint: Member must have value greater than or equal to 0");
        }
        if (!s.mode.equals("ON_DEMAND")) {
            throw KinesisException.invalidArgument("Warm throughput is only supported for streams in ON_DEMAND capacity mode; stream "
                    + s.name + " under account " + s.account + " is in " + s.mode + " mode.");
        }
        if (!commitmentActive) {
            throw KinesisException.invalidArgument("Warm throughput requires the account's MinimumThroughputBillingCommitment to be "
                    + "enabled; account " + s.account + " has not enabled it.");
        }
        if (mibps > MAX_WARM_THROUGHPUT_MIBPS) {
            throw KinesisError.LIMIT_EXCEEDED.error("Warm throughput of " + mibps
                    + " MiBps exceeds the limit of " + MAX_WARM_THROUGHPUT_MIBPS + " MiBps for an on-demand stream.");
        }
        s.warmThroughputMiBps = mibps;
        return new KinesisResult.StreamWarmThroughput(s.arn(), s.name, new KinesisResult.WarmThroughput(mibps, mibps));
    }

    static KinesisResult addTags(KinesisStream s, Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            throw KinesisException.validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (t.getKey().isEmpty() || t.getKey().length() > 128 || (t.getValue() != null && t.getValue().length() > 256)) {
                throw KinesisException.invalidArgument("Tag key must be 1 to 128 characters and tag value at most 256 characters: " + t.getKey());
            }
        }
        long added = tags.keySet().stream().filter(k -> !s.tags.containsKey(k)).count();
        if (s.tags.size() + added > MAX_TAGS) {
            throw KinesisError.LIMIT_EXCEEDED.error("Failed to add tags to stream " + s.name + " under account " + s.account
                    + " because a given stream cannot have more than " + MAX_TAGS + " tags.");
        }
        tags.forEach((k, v) -> s.tags.put(k, v == null ? "" : v));
        return new KinesisResult.Empty();
    }

    static KinesisResult removeTags(KinesisStream s, List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw KinesisException.validation("1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        keys.forEach(s.tags::remove);
        return new KinesisResult.Empty();
    }

    static KinesisResult listTags(KinesisStream s, KinesisRequest.ListTagsForStream r) {
        int limit = r.limit() == null ? 10 : r.limit();
        if (limit < 1 || limit > 50) {
            throw KinesisException.invalidArgument("Limit must be between 1 and 50.");
        }
        SortedMap<String, String> page = r.exclusiveStartTagKey() == null ? s.tags : s.tags.tailMap(r.exclusiveStartTagKey() + "\0");
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : page.entrySet()) {
            if (out.size() == limit) {
                break;
            }
            out.put(e.getKey(), e.getValue());
        }
        return new KinesisResult.Tags(out, page.size() > out.size());
    }

    static void checkMode(String mode) {
        if (!"ON_DEMAND".equals(mode) && !"PROVISIONED".equals(mode)) {
            throw KinesisException.validation("1 validation error detected: Value '" + mode
                    + "' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]");
        }
    }

    static void checkEncryptionArguments(String type, String keyId) {
        if (type == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'encryptionType' failed to satisfy constraint: Member must not be null");
        }
        if (!"KMS".equals(type) && !"NONE".equals(type)) {
            throw KinesisException.validation("1 validation error detected: Value '" + type
                    + "' at 'encryptionType' failed to satisfy constraint: Member must satisfy enum value set: [KMS, NONE]");
        }
        if (!"KMS".equals(type)) {
            throw KinesisException.invalidArgument("Invalid EncryptionType NONE: server-side encryption supports EncryptionType KMS only.");
        }
        if (keyId == null || keyId.isEmpty() || keyId.length() > 2048) {
            throw KinesisException.validation("1 validation error detected: Value '" + keyId
                    + "' at 'keyId' failed to satisfy constraint: Member must have length between 1 and 2048");
        }
    }

    static KinesisResult encryption(KinesisStream s, String type, String keyId, boolean start) {
        checkEncryptionArguments(type, keyId);
        if (!start && !"KMS".equals(s.encryptionType)) {
            throw KinesisException.invalidArgument("Stream " + s.name + " under account " + s.account + " is not encrypted.");
        }
        s.encryptionType = start ? "KMS" : "NONE";
        s.keyId = start ? keyId : null;
        return new KinesisResult.Empty();
    }

    static void changeRetention(KinesisStream s, Integer hours, boolean increase) {
        if (hours == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'retentionPeriodHours' failed to satisfy constraint: Member must not be null");
        }
        if (hours < KinesisService.MIN_RETENTION_HOURS) {
            throw KinesisException.invalidArgument("Minimum allowed retention period is " + KinesisService.MIN_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too short.");
        }
        if (hours > KinesisService.MAX_RETENTION_HOURS) {
            throw KinesisException.invalidArgument("Maximum allowed retention period is " + KinesisService.MAX_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too long.");
        }
        if (increase && hours < s.retentionHours) {
            throw KinesisException.invalidArgument("Requested retention period (" + hours + " hours) for stream " + s.name
                    + " can not be shorter than existing retention period (" + s.retentionHours
                    + " hours). Use DecreaseRetentionPeriod API.");
        }
        if (!increase && hours > s.retentionHours) {
            throw KinesisException.invalidArgument("Requested retention period (" + hours + " hours) for stream " + s.name
                    + " can not be longer than existing retention period (" + s.retentionHours
                    + " hours). Use IncreaseRetentionPeriod API.");
        }
        s.retentionHours = hours;
    }
}
