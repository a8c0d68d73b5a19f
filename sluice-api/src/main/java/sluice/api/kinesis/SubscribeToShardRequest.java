package sluice.api.kinesis;

/**
 * SubscribeToShard: the consumer (by ARN), the shard and where to start. Not a {@link KinesisRequest}:
 * it answers with an event stream, through {@link KinesisSubscriptions}, not with one result.
 * Members are null when absent; the timestamp is in epoch milliseconds.
 */
public record SubscribeToShardRequest(String consumerArn, String shardId, StartingPosition startingPosition, boolean dryRun) {
    public SubscribeToShardRequest(String consumerArn, String shardId, StartingPosition startingPosition) {
        this(consumerArn, shardId, startingPosition, false);
    }


    /** Type is AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST or AT_TIMESTAMP. */
    public record StartingPosition(String type, String sequenceNumber, Long timestamp) {
    }
}
