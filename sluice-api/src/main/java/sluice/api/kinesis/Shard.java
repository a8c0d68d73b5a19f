package sluice.api.kinesis;

/**
 * A shard as DescribeStream and ListShards report it: hash keys and sequence numbers as decimal
 * strings; {@code endingSequenceNumber} is null while the shard is open.
 */
public record Shard(String shardId, String parentShardId, String adjacentParentShardId, String startingHashKey,
                    String endingHashKey, String startingSequenceNumber, String endingSequenceNumber) {
}
