package sluice.core.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRecord;
import sluice.api.kinesis.ShardEventSink;
import sluice.api.kinesis.ShardSubscription;
import sluice.api.kinesis.SubscribeToShardEvent;
import sluice.api.kinesis.SubscribeToShardRequest;
import sluice.core.storage.ShardStore;

/**
 * One SubscribeToShard subscription: a position in one shard, pushed forward by {@link #pump()}.
 *
 * <p>Every method but {@link #resume()} and {@link #cancel()} runs on the stream's lane. A pump
 * sends at most one event (at most GetRecords' caps: 10,000 records, 10 MB) of durable records and,
 * when more are waiting, queues the next pump behind the lane's other work, so one subscriber
 * catching up cannot hold the lane. Nothing is read while the sink is not {@link
 * ShardEventSink#ready() ready} (the client reads slower than we write); {@link #resume()} continues.
 *
 * <p>ContinuationSequenceNumber is the sequence number of the last record before the position, so
 * resubscribing AFTER_SEQUENCE_NUMBER it continues exactly there. Before a shard's first record it
 * is the shard's StartingSequenceNumber, as AWS sends it, below every record's number, so
 * AFTER_SEQUENCE_NUMBER of it starts at the first record (streams from before records counted from
 * 1 share that number with their first record: {@link ShardSubscriptions#endedBeforeFirstRecord}
 * covers them). Heartbeats are needed even then: SDK clients
 * time a silent stream out (the Netty client's read timeout).
 */
final class ShardSubscriber implements ShardSubscription {
    private final ShardSubscriptions subscriptions;
    final KinesisStream stream;
    private final ShardEventSink sink;
    private final BooleanSupplier live;
    int shard = -1;
    String consumerArn;
    private String consumerName;
    long startedAt;
    /** The next position to send. */
    private long position;
    private boolean sentSinceTick;
    /** Registered and running (the start was accepted). */
    private boolean started;
    private boolean ended;
    private ScheduledFuture<?> ticks;

    ShardSubscriber(ShardSubscriptions subscriptions, KinesisStream stream, ShardEventSink sink, BooleanSupplier live) {
        this.subscriptions = subscriptions;
        this.stream = stream;
        this.sink = sink;
        this.live = live;
    }

    /** Validates the request against the stream and starts. @throws KinesisException for an error to answer with */
    void start(SubscribeToShardRequest r) {
        if (ended) {
            return; // cancelled before it started
        }
        if (!live.getAsBoolean()) {
            throw KinesisService.notFound(stream.name, stream.account);
        }
        long now = subscriptions.clock().millis();
        consumerArn = r.consumerArn();
        consumerName = SubscriptionStart.consumer(stream, consumerArn, now, subscriptions.activationDelayMillis());
        shard = SubscriptionStart.shard(stream, r.shardId(), now);
        ShardStore store = stream.store(subscriptions.engine(), shard);
        position = SubscriptionStart.position(stream, shard, store, r.startingPosition(), now,
                subscriptions.endedBeforeFirstRecord(consumerArn, stream, shard));
        if (r.dryRun()) {
            throw KinesisRecords.dryRun();
        }
        subscriptions.register(this, "Another active subscription exists for this consumer: " + stream.account + ":" + stream.name
                + ":" + KinesisStream.shardId(shard) + ":" + consumerName);
        startedAt = now;
        started = true;
        try {
            ticks = subscriptions.lanes().timer().scheduleAtFixedRate(() -> subscriptions.onLane(stream, this::tick),
                    ShardSubscriptions.TICK_MILLIS, ShardSubscriptions.TICK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            end(); // the service is closing
            throw KinesisError.INTERNAL_FAILURE.error("We encountered an internal error. Please try again.");
        }
        sink.started();
        pump();
    }

    /** Sends what is durable and not yet sent (one event), if the sink can take it. */
    void pump() {
        if (ended) {
            return;
        }
        KinesisException gone = gone();
        if (gone != null) {
            fail(gone);
            return;
        }
        if (!sink.ready()) {
            return;
        }
        ShardStore store = stream.store(subscriptions.engine(), shard);
        long horizon = subscriptions.durableHorizon(stream, shard, store);
        long from = Math.max(position, store.firstPosition());
        if (from < horizon) {
            int limit = (int) Math.min(KinesisRecords.MAX_GET_RECORDS, horizon - from);
            ShardStore.Read read = store.read(from, limit, KinesisRecords.MAX_GET_BYTES);
            List<KinesisRecord> records = new ArrayList<>(read.records().size());
            for (ShardStore.StoredRecord rec : read.records()) {
                records.add(stream.toKinesisRecord(shard, rec));
            }
            position = read.nextPosition();
            send(records, store, horizon);
            if (position < horizon) {
                subscriptions.onLane(stream, this::pump);
            }
        } else if (ClosedShardEnd.reached(stream, shard, position)) {
            sentSinceTick = true;
            sink.event(new SubscribeToShardEvent(List.of(), null, 0, ClosedShardEnd.children(stream, shard), encryption()));
            end();
            sink.completed();
        }
    }

    private void send(List<KinesisRecord> records, ShardStore store, long horizon) {
        long behind = position >= horizon ? 0 : Math.max(0, subscriptions.clock().millis() - store.arrivedAt(position));
        sentSinceTick = true;
        String continuation = stream.sequenceNumberBefore(shard, position);
        sink.event(new SubscribeToShardEvent(records, continuation, behind, List.of(), encryption()));
    }

    /** Once a second: the lifetime, the consumer and stream still there, then data or a heartbeat. */
    private void tick() {
        if (ended) {
            return;
        }
        if (subscriptions.clock().millis() - startedAt >= ShardSubscriptions.LIFETIME_MILLIS) {
            end();
            sink.completed();
            return;
        }
        pump();
        if (!ended && !sentSinceTick && sink.ready()) {
            ShardStore store = stream.store(subscriptions.engine(), shard);
            send(List.of(), store, subscriptions.durableHorizon(stream, shard, store));
        }
        sentSinceTick = false;
    }

    /** Why the subscription cannot go on (stream deleted, consumer deregistered), or null. */
    private KinesisException gone() {
        if (!live.getAsBoolean()) {
            return KinesisService.notFound(stream.name, stream.account);
        }
        Long created = stream.consumers.get(consumerName);
        if (created == null || !stream.consumerArn(consumerName).equals(consumerArn)) {
            return KinesisError.RESOURCE_NOT_FOUND.error("Consumer " + consumerArn + ", account " + stream.account + " not found.");
        }
        return null;
    }

    private String encryption() {
        return "KMS".equals(stream.encryptionType) ? "KMS" : null;
    }

    /** Ends with an exception event (taken over, consumer or stream gone). Lane only. */
    void fail(KinesisException error) {
        if (!ended) {
            end();
            sink.failed(error);
        }
    }

    private void end() {
        ended = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
        subscriptions.unregister(this);
        subscriptions.endedAt(this, position);
    }

    @Override
    public void resume() {
        subscriptions.onLane(stream, this::pump);
    }

    @Override
    public void cancel() {
        subscriptions.onLane(stream, () -> {
            if (!ended && started) {
                end();
            }
            ended = true;
        });
    }
}
