package sluice.api.kinesis;

/**
 * Enhanced fan-out: SubscribeToShard pushes a shard's records to a registered consumer as they are
 * appended, for the subscription's lifetime (five minutes), instead of answering once. The outcome
 * goes to the sink (see {@link ShardEventSink} for the order of calls).
 */
public interface KinesisSubscriptions {

    ShardSubscription subscribeToShard(KinesisContext context, SubscribeToShardRequest request, ShardEventSink sink);
}
