package sluice.core.kinesis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.ShardEventSink;
import sluice.api.kinesis.ShardSubscription;
import sluice.api.kinesis.StreamRef;
import sluice.api.kinesis.SubscribeToShardRequest;
import sluice.common.Clock;
import sluice.core.Lanes;
import sluice.core.storage.ShardStore;
import sluice.core.storage.StorageEngine;
import sluice.core.storage.Written;

/**
 * SubscribeToShard (enhanced fan-out): who is subscribed to which shard, and what of each shard is
 * durable, so that subscribers are pushed records the moment their append is durable.
 *
 * <p>Design (ARCHITECTURE §5): nothing polls. Each subscriber is a continuation parked in its
 * shard's {@link Feed} on the lane that owns the stream. {@link #appended} is told of every append
 * (on the lane); when the append's durable future completes it hops back to the lane and wakes the
 * shard's subscribers, which read the store up to the <em>durable horizon</em>: the first position
 * of the oldest append not yet durable, else the store's next position. So a subscriber never sees
 * a record a crash could still lose (durable before visible). One timer tick a second per subscriber
 * (the lanes' timer) sends AWS's heartbeat event, ends the subscription after its five minutes (by
 * the injected clock) and notices a deregistered consumer or a deleted stream.
 *
 * <p>Invariants: a feed and its subscribers are touched only on their stream's lane; a feed exists
 * while it has pending appends or subscribers; at most one subscriber per (consumer, shard).
 */
final class ShardSubscriptions {
    static final long LIFETIME_MILLIS = 5 * 60_000L;
    /** A second subscription within this time of the first is refused; later, it takes over (AWS). */
    static final long TAKEOVER_MILLIS = 5_000L;
    static final long TICK_MILLIS = 1_000L;
    private static final System.Logger LOG = System.getLogger(ShardSubscriptions.class.getName());

    private final StorageEngine engine;
    private final Lanes lanes;
    private final Clock clock;
    private final long activationDelayMillis;
    /** Per shard; the map is shared by the lanes, each entry is touched only on its stream's lane. */
    private final Map<ShardKey, Feed> feeds = new ConcurrentHashMap<>();
    /**
     * (consumer ARN, stream id, shard) whose last subscription ended before the shard's first record:
     * the continuation it was given is the shard's StartingSequenceNumber, which here is also the
     * first record's number, so AFTER_SEQUENCE_NUMBER of it from that consumer means "from the start".
     */
    private final Set<String> endedBeforeFirstRecord = ConcurrentHashMap.newKeySet();

    private record ShardKey(long streamId, int shard) {
    }

    /** One shard's appends not yet durable (first position → end) and its subscribers by consumer ARN. */
    static final class Feed {
        final TreeMap<Long, Long> pending = new TreeMap<>();
        final Map<String, ShardSubscriber> subscribers = new HashMap<>();
    }

    ShardSubscriptions(StorageEngine engine, Lanes lanes, Clock clock, long activationDelayMillis) {
        this.engine = engine;
        this.lanes = lanes;
        this.clock = clock;
        this.activationDelayMillis = activationDelayMillis;
    }

    /** The stream a SubscribeToShard names: the stream part of its ConsumerARN. */
    static StreamRef streamOf(SubscribeToShardRequest r) {
        String arn = r.consumerArn();
        if (arn == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'consumerARN' failed to satisfy constraint: Member must not be null");
        }
        int at = arn.indexOf("/consumer/");
        if (at < 0 || !arn.matches("arn:aws.*:kinesis:.*:\\d{12}:.*stream/[a-zA-Z0-9_.-]+/consumer/[a-zA-Z0-9_.-]+:[0-9]+")) {
            throw KinesisException.validation("1 validation error detected: Value '" + arn + "' at 'consumerARN' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: ^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+");
        }
        return new StreamRef(null, arn.substring(0, at));
    }

    /** Starts a subscription on the stream's lane; the outcome goes to the sink. */
    ShardSubscription subscribe(KinesisStream stream, SubscribeToShardRequest request, ShardEventSink sink, BooleanSupplier live) {
        ShardSubscriber subscriber = new ShardSubscriber(this, stream, sink, live);
        onLane(stream, () -> {
            try {
                subscriber.start(request);
            } catch (KinesisException e) {
                sink.rejected(e);
            }
        });
        return subscriber;
    }

    /**
     * Told of every append, on the stream's lane: the records are pending until durable, then the
     * shard's subscribers are woken.
     */
    void appended(KinesisStream stream, int shard, Written<List<Long>> written) {
        List<Long> positions = written.value();
        if (positions.isEmpty()) {
            return;
        }
        ShardKey key = new ShardKey(stream.id, shard);
        Feed feed = feeds.computeIfAbsent(key, k -> new Feed());
        long first = positions.getFirst();
        feed.pending.put(first, positions.getLast() + 1);
        written.durable().whenComplete((v, error) -> onLane(stream, () -> {
            feed.pending.remove(first);
            if (feed.pending.isEmpty() && feed.subscribers.isEmpty()) {
                feeds.remove(key, feed);
            }
            for (ShardSubscriber s : List.copyOf(feed.subscribers.values())) {
                s.pump();
            }
        }));
    }

    /** The first position of the shard that may not be durable yet. Lane only. */
    long durableHorizon(KinesisStream stream, int shard, ShardStore store) {
        Feed feed = feeds.get(new ShardKey(stream.id, shard));
        return feed == null || feed.pending.isEmpty() ? store.nextPosition() : feed.pending.firstKey();
    }

    /**
     * Registers a subscriber for its (consumer, shard), applying AWS's rule for a second one: refused
     * within five seconds of the first, else it takes over and the first ends with
     * ResourceInUseException. Lane only.
     */
    void register(ShardSubscriber subscriber, String conflictMessage) {
        ShardKey key = new ShardKey(subscriber.stream.id, subscriber.shard);
        Feed current = feeds.get(key);
        ShardSubscriber active = current == null ? null : current.subscribers.get(subscriber.consumerArn);
        if (active != null) {
            if (clock.millis() - active.startedAt < TAKEOVER_MILLIS) {
                throw KinesisError.RESOURCE_IN_USE.error(conflictMessage);
            }
            active.fail(KinesisError.RESOURCE_IN_USE.error(conflictMessage)); // may drop the feed: fetch it again
        }
        feeds.computeIfAbsent(key, k -> new Feed()).subscribers.put(subscriber.consumerArn, subscriber);
    }

    /** Forgets an ended subscriber. Lane only. */
    void unregister(ShardSubscriber subscriber) {
        ShardKey key = new ShardKey(subscriber.stream.id, subscriber.shard);
        Feed feed = feeds.get(key);
        if (feed != null && feed.subscribers.remove(subscriber.consumerArn, subscriber)
                && feed.pending.isEmpty() && feed.subscribers.isEmpty()) {
            feeds.remove(key, feed);
        }
    }

    /** Remembers (or forgets) that a subscriber ended before its shard's first record. Lane only. */
    void endedAt(ShardSubscriber subscriber, long position) {
        String key = subscriber.consumerArn + " " + subscriber.stream.id + " " + subscriber.shard;
        if (position == 0) {
            endedBeforeFirstRecord.add(key);
        } else {
            endedBeforeFirstRecord.remove(key);
        }
    }

    /** Whether the consumer's last subscription to the shard ended before its first record. */
    boolean endedBeforeFirstRecord(String consumerArn, KinesisStream stream, int shard) {
        return endedBeforeFirstRecord.contains(consumerArn + " " + stream.id + " " + shard);
    }

    StorageEngine engine() {
        return engine;
    }

    Lanes lanes() {
        return lanes;
    }

    Clock clock() {
        return clock;
    }

    long activationDelayMillis() {
        return activationDelayMillis;
    }

    /** Runs a step on the stream's lane; dropped when the lanes are shutting down. */
    void onLane(KinesisStream stream, Runnable step) {
        Executor lane = lanes.laneFor(stream.id);
        try {
            lane.execute(() -> {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "SubscribeToShard step failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "lanes closed; SubscribeToShard step dropped");
        }
    }
}
