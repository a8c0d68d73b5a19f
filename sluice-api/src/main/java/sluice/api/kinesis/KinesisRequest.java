package sluice.api.kinesis;

import java.util.List;
import java.util.Map;

/**
 * One record per Kinesis operation, decoded from JSON 1.1 or CBOR alike. Optional members are
 * null when absent. Every call naming a stream accepts StreamName or StreamARN ({@link StreamRef});
 * timestamps are epoch milliseconds.
 */
public sealed interface KinesisRequest {

    /** The wire name of the operation ({@code X-Amz-Target} after {@code Kinesis_20131202.}). */
    default String operation() {
        return getClass().getSimpleName();
    }

    /** CreateStream; the last three members are null when absent. */
    record CreateStream(String streamName, Integer shardCount, String streamMode, Map<String, String> tags,
                        Integer maxRecordSizeInKiB, Integer warmThroughputMiBps, String recordDistributionStrategy)
            implements KinesisRequest {
        public CreateStream(String streamName, Integer shardCount, String streamMode, Map<String, String> tags) {
            this(streamName, shardCount, streamMode, tags, null, null, null);
        }
    }

    record DeleteStream(StreamRef stream, boolean enforceConsumerDeletion) implements KinesisRequest {
    }

    record DescribeStream(StreamRef stream, Integer limit, String exclusiveStartShardId) implements KinesisRequest {
    }

    record DescribeStreamSummary(StreamRef stream) implements KinesisRequest {
    }

    record ListStreams(Integer limit, String exclusiveStartStreamName, String nextToken) implements KinesisRequest {
    }

    /** ListShards; {@code shardFilter} is null when absent. */
    record ListShards(StreamRef stream, String nextToken, Integer maxResults, String exclusiveStartShardId,
                      ShardFilter shardFilter) implements KinesisRequest {

        public ListShards(StreamRef stream, String nextToken, Integer maxResults, String exclusiveStartShardId) {
            this(stream, nextToken, maxResults, exclusiveStartShardId, null);
        }
    }

    /** ListShards' ShardFilter: a type, with ShardId (AFTER_SHARD_ID) or Timestamp (AT_/FROM_TIMESTAMP). */
    record ShardFilter(String type, String shardId, Long timestamp) {
    }

    record SplitShard(StreamRef stream, String shardToSplit, String newStartingHashKey) implements KinesisRequest {
    }

    record MergeShards(StreamRef stream, String shardToMerge, String adjacentShardToMerge) implements KinesisRequest {
    }

    record UpdateShardCount(StreamRef stream, Integer targetShardCount, String scalingType) implements KinesisRequest {
    }

    /** PutRecord; with {@code dryRun} it is validated, answered with DryRunOperationException, and not written. */
    record PutRecord(StreamRef stream, byte[] data, String partitionKey, String explicitHashKey,
                     String sequenceNumberForOrdering, boolean dryRun) implements KinesisRequest {
        public PutRecord(StreamRef stream, byte[] data, String partitionKey, String explicitHashKey, String sequenceNumberForOrdering) {
            this(stream, data, partitionKey, explicitHashKey, sequenceNumberForOrdering, false);
        }
    }

    record PutRecordsEntry(byte[] data, String partitionKey, String explicitHashKey) {
    }

    record PutRecords(StreamRef stream, List<PutRecordsEntry> records, boolean dryRun) implements KinesisRequest {
        public PutRecords(StreamRef stream, List<PutRecordsEntry> records) {
            this(stream, records, false);
        }
    }

    record GetShardIterator(StreamRef stream, String shardId, String shardIteratorType,
                            String startingSequenceNumber, Long timestamp, boolean dryRun) implements KinesisRequest {
        public GetShardIterator(StreamRef stream, String shardId, String shardIteratorType, String startingSequenceNumber,
                                Long timestamp) {
            this(stream, shardId, shardIteratorType, startingSequenceNumber, timestamp, false);
        }
    }

    record GetRecords(String shardIterator, Integer limit, StreamRef stream, boolean dryRun) implements KinesisRequest {
        public GetRecords(String shardIterator, Integer limit, StreamRef stream) {
            this(shardIterator, limit, stream, false);
        }
    }

    record IncreaseStreamRetentionPeriod(StreamRef stream, Integer retentionPeriodHours) implements KinesisRequest {
    }

    record DecreaseStreamRetentionPeriod(StreamRef stream, Integer retentionPeriodHours) implements KinesisRequest {
    }

    record AddTagsToStream(StreamRef stream, Map<String, String> tags) implements KinesisRequest {
    }

    record RemoveTagsFromStream(StreamRef stream, List<String> tagKeys) implements KinesisRequest {
    }

    record ListTagsForStream(StreamRef stream, String exclusiveStartTagKey, Integer limit) implements KinesisRequest {
    }

    record DescribeLimits() implements KinesisRequest {
    }

    record TagResource(String resourceArn, Map<String, String> tags) implements KinesisRequest {
    }

    record UntagResource(String resourceArn, List<String> tagKeys) implements KinesisRequest {
    }

    record ListTagsForResource(String resourceArn) implements KinesisRequest {
    }

    record UpdateStreamMode(StreamRef stream, String streamMode) implements KinesisRequest {
    }

    /**
     * Enhanced fan-out consumers are registered, described, listed and deregistered here; reading
     * through them (SubscribeToShard, an HTTP/2 event stream) is not implemented yet.
     */
    record RegisterStreamConsumer(String streamArn, String consumerName, Map<String, String> tags) implements KinesisRequest {
    }

    record DeregisterStreamConsumer(String streamArn, String consumerName, String consumerArn) implements KinesisRequest {
    }

    record DescribeStreamConsumer(String streamArn, String consumerName, String consumerArn) implements KinesisRequest {
    }

    record ListStreamConsumers(String streamArn, String nextToken, Integer maxResults) implements KinesisRequest {
    }

    record StartStreamEncryption(StreamRef stream, String encryptionType, String keyId) implements KinesisRequest {
    }

    record StopStreamEncryption(StreamRef stream, String encryptionType, String keyId) implements KinesisRequest {
    }

    record EnableEnhancedMonitoring(StreamRef stream, List<String> shardLevelMetrics) implements KinesisRequest {
    }

    record DisableEnhancedMonitoring(StreamRef stream, List<String> shardLevelMetrics) implements KinesisRequest {
    }
    /** A resource policy of a stream or of a consumer (ResourceARN names either). */
    record PutResourcePolicy(String resourceArn, String policy) implements KinesisRequest {
    }

    record GetResourcePolicy(String resourceArn) implements KinesisRequest {
    }

    record DeleteResourcePolicy(String resourceArn) implements KinesisRequest {
    }

    record DescribeAccountSettings() implements KinesisRequest {
    }

    /** UpdateAccountSettings: the MinimumThroughputBillingCommitment's desired Status (ENABLED or DISABLED). */
    record UpdateAccountSettings(String commitmentStatus) implements KinesisRequest {
    }

    record UpdateMaxRecordSize(StreamRef stream, Integer maxRecordSizeInKiB) implements KinesisRequest {
    }

    record UpdateStreamWarmThroughput(StreamRef stream, Integer warmThroughputMiBps) implements KinesisRequest {
    }

    /** AUTO (records spread evenly, partition keys ignored) or USER_PARTITION_KEY (the default). */
    record UpdateStreamRecordDistributionStrategy(StreamRef stream, String recordDistributionStrategy) implements KinesisRequest {
    }
}
