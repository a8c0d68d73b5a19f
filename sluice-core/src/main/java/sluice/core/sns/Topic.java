package sluice.core.sns;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import sluice.api.sns.SnsException;

/**
 * A live topic: its record, its subscriptions and, for a FIFO topic, its deduplication window and
 * sequence numbers.
 *
 * <p>What must always hold: every change to the topic (attributes, tags, subscriptions) and every
 * publish runs on the topic's lane ({@link #onLane}), so changes are serialised with each other and
 * with publishes, and a publish hands its deliveries to the queues in the order publishes arrived
 * (which is what keeps FIFO groups in order). {@code record} and {@code subscriptions} are
 * replaced, never mutated, so other threads may read them at any time.
 */
final class Topic {
    private final Executor lane;
    private final FifoState fifo;
    private volatile TopicRecord record;
    private volatile List<Subscription> subscriptions = List.of();
    private volatile List<SubscriptionDeletion> deletions = List.of();
    private volatile boolean deleted;

    Topic(TopicRecord record, Executor lane, FifoState fifo) {
        this.record = record;
        this.lane = lane;
        this.fifo = fifo;
    }

    TopicRecord record() {
        return record;
    }

    long id() {
        return record.id();
    }

    String arn() {
        return record.arn().toString();
    }

    Executor lane() {
        return lane;
    }

    /** The FIFO state (deduplication, sequence numbers); lane-confined. */
    FifoState fifo() {
        return fifo;
    }

    List<Subscription> subscriptions() {
        return subscriptions;
    }

    boolean deleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
    }

    /** On the lane: replaces the record. */
    void update(TopicRecord updated) {
        record = updated;
    }

    /** On the lane: adds or replaces (by ARN) a subscription. */
    void put(Subscription subscription) {
        List<Subscription> next = new ArrayList<>(subscriptions.size() + 1);
        boolean replaced = false;
        for (Subscription s : subscriptions) {
            if (s.arn().equals(subscription.arn())) {
                next.add(subscription);
                replaced = true;
            } else {
                next.add(s);
            }
        }
        if (!replaced) {
            next.add(subscription);
        }
        subscriptions = List.copyOf(next);
    }

    /** On the lane: removes a subscription. */
    void remove(String subscriptionArn) {
        List<Subscription> next = new ArrayList<>(subscriptions);
        next.removeIf(s -> s.arn().equals(subscriptionArn));
        subscriptions = List.copyOf(next);
    }

    /** The subscriptions deleted lately that GetTopicAttributes still counts ({@link SubscriptionDeletion}). */
    List<SubscriptionDeletion> deletions() {
        return deletions;
    }

    /** On the lane (or at recovery): notes a deleted subscription. */
    void addDeletion(SubscriptionDeletion deletion) {
        List<SubscriptionDeletion> next = new ArrayList<>(deletions);
        next.add(deletion);
        deletions = List.copyOf(next);
    }

    /** On the lane: forgets deletions made at or before {@code cutoff}; returns them. */
    List<SubscriptionDeletion> forgetDeletionsUntil(long cutoff) {
        List<SubscriptionDeletion> kept = new ArrayList<>();
        List<SubscriptionDeletion> forgotten = new ArrayList<>();
        for (SubscriptionDeletion d : deletions) {
            (d.deletedAt() <= cutoff ? forgotten : kept).add(d);
        }
        if (!forgotten.isEmpty()) {
            deletions = List.copyOf(kept);
        }
        return forgotten;
    }

    Subscription find(String subscriptionArn) {
        for (Subscription s : subscriptions) {
            if (s.arn().equals(subscriptionArn)) {
                return s;
            }
        }
        return null;
    }

    /** Runs {@code step} on the topic's lane; fails with NotFound once the topic is deleted. */
    <T> CompletableFuture<T> onLane(Supplier<CompletableFuture<T>> step) {
        return sluice.core.Lanes.run(lane, SnsException::topicNotFound, () -> deleted, step);
    }
}
