package sluice.api.kinesis;

import java.util.List;
import java.util.Map;

/** One result record per Kinesis operation; timestamps are epoch milliseconds. */
public sealed interface KinesisResult {

    /** Operations whose answer is an empty body. */
    record Empty() implements KinesisResult {
    }

    record StreamDescription(String streamName, String streamArn, String streamStatus, String streamMode,
                             List<Shard> shards, boolean hasMoreShards, int retentionPeriodHours,
                             long createdAt, List<String> enhancedMetrics, String encryptionType, String keyId)
            implements KinesisResult {
    }

    /** DescribeStreamSummary; {@code warmThroughput} is null where AWS leaves it out. */
    record StreamSummary(String streamName, String streamArn, String streamStatus, String streamMode,
                         int retentionPeriodHours, long createdAt, List<String> enhancedMetrics,
                         String encryptionType, String keyId, int openShardCount, int consumerCount,
                         int maxRecordSizeInKiB, WarmThroughput warmThroughput, String recordDistributionStrategy)
            implements KinesisResult {
    }

    /** A stream's warm throughput: the target it scales to, and what it handles now (MiB/s). */
    record WarmThroughput(int targetMiBps, int currentMiBps) {
    }

    /** UpdateStreamWarmThroughput's answer. */
    record StreamWarmThroughput(String streamArn, String streamName, WarmThroughput warmThroughput) implements KinesisResult {
    }

    /** GetResourcePolicy: the policy document, "{}" when none is attached. */
    record ResourcePolicy(String policy) implements KinesisResult {
    }

    /** The account's MinimumThroughputBillingCommitment; times are epoch millis, null when unset. */
    record AccountSettings(String status, Long startedAt, Long endedAt, Long earliestAllowedEndAt) implements KinesisResult {
    }

    record StreamListEntry(String streamName, String streamArn, String streamStatus, String streamMode, long createdAt) {
    }

    record StreamList(List<StreamListEntry> streams, boolean hasMoreStreams, String nextToken) implements KinesisResult {
    }

    record ShardList(List<Shard> shards, String nextToken) implements KinesisResult {
    }

    record PutRecord(String shardId, String sequenceNumber, String encryptionType) implements KinesisResult {
    }

    /** One entry per request entry, in order: either shard and sequence number, or an error. */
    record PutRecordsEntry(String shardId, String sequenceNumber, String errorCode, String errorMessage) {
    }

    record PutRecords(int failedRecordCount, List<PutRecordsEntry> records, String encryptionType) implements KinesisResult {
    }

    record ShardIterator(String shardIterator) implements KinesisResult {
    }

    /**
     * GetRecords: {@code nextShardIterator} is null and {@code childShards} lists the shard's
     * children once a closed shard has been read to its end; otherwise {@code childShards} is empty.
     */
    record Records(List<KinesisRecord> records, String nextShardIterator, long millisBehindLatest,
                   List<ChildShard> childShards) implements KinesisResult {

        public Records(List<KinesisRecord> records, String nextShardIterator, long millisBehindLatest) {
            this(records, nextShardIterator, millisBehindLatest, List.of());
        }
    }

    record UpdateShardCount(String streamName, String streamArn, int currentShardCount, int targetShardCount)
            implements KinesisResult {
    }

    record Tags(Map<String, String> tags, boolean hasMoreTags) implements KinesisResult {
    }

    record Limits(int shardLimit, int openShardCount, int onDemandStreamCount, int onDemandStreamCountLimit)
            implements KinesisResult {
    }

    /** A registered consumer; {@code description} answers DescribeStreamConsumer (with the stream ARN). */
    record Consumer(String consumerName, String consumerArn, String consumerStatus, long createdAt, String streamArn,
                    boolean description) implements KinesisResult {
    }

    record ConsumerList(List<Consumer> consumers, String nextToken) implements KinesisResult {
    }

    record EnhancedMonitoring(String streamName, String streamArn, List<String> currentShardLevelMetrics,
                              List<String> desiredShardLevelMetrics) implements KinesisResult {
    }
}
