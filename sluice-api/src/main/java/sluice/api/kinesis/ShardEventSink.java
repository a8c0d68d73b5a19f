package sluice.api.kinesis;

/**
 * Where one SubscribeToShard subscription's outcome goes (the protocol side implements it). Calls are
 * serial, never concurrent: either {@link #rejected} alone (the subscription never started; answer
 * with an ordinary error), or {@link #started}, then any number of {@link #event}s, then at most one
 * of {@link #completed} or {@link #failed}. {@link #ready} is asked before every event: while it says
 * no, nothing is read for this subscriber, until {@link ShardSubscription#resume()} is called.
 */
public interface ShardEventSink {

    void rejected(KinesisException error);

    void started();

    /** Whether the subscriber can take another event now (the transport is not backed up). */
    boolean ready();

    void event(SubscribeToShardEvent event);

    /** The subscription ended normally (its lifetime is over); the client subscribes again. */
    void completed();

    /** The subscription ended with an error the client is told about in the stream. */
    void failed(KinesisException error);
}
