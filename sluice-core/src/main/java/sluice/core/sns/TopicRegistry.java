package sluice.core.sns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every live topic by ARN, and which topic owns each subscription ARN. Lookups are lock-free;
 * creating and deleting topics is serialised by the registry's monitor so two CreateTopic calls
 * for one name agree on one topic. Subscriptions are indexed by their topic's lane as it changes
 * them.
 */
final class TopicRegistry {
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<String, Topic> subscriptionOwners = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();

    Topic find(String topicArn) {
        Topic topic = topicArn == null ? null : topics.get(topicArn);
        return topic == null || topic.deleted() ? null : topic;
    }

    long nextId() {
        return lastId.incrementAndGet();
    }

    void noteRecoveredId(long id) {
        lastId.accumulateAndGet(id, Math::max);
    }

    void add(Topic topic) {
        topics.put(topic.arn(), topic);
    }

    void remove(Topic topic) {
        topics.remove(topic.arn(), topic);
        for (Subscription s : topic.subscriptions()) {
            subscriptionOwners.remove(s.arn(), topic);
        }
    }

    void indexSubscription(String subscriptionArn, Topic topic) {
        subscriptionOwners.put(subscriptionArn, topic);
    }

    void unindexSubscription(String subscriptionArn) {
        subscriptionOwners.remove(subscriptionArn);
    }

    /** The live topic that owns a subscription, or null. */
    Topic ownerOf(String subscriptionArn) {
        Topic topic = subscriptionOwners.get(subscriptionArn);
        return topic == null || topic.deleted() ? null : topic;
    }

    /** Every live topic. */
    List<Topic> all() {
        List<Topic> result = new ArrayList<>();
        for (Topic t : topics.values()) {
            if (!t.deleted()) {
                result.add(t);
            }
        }
        return result;
    }

    /** The live topics of one region, of every account. */
    List<Topic> listRegion(String region) {
        List<Topic> result = new ArrayList<>();
        for (Topic t : topics.values()) {
            if (!t.deleted() && t.record().region().equals(region)) {
                result.add(t);
            }
        }
        return result;
    }

    /** The live topics of one account and region, sorted by ARN. */
    List<Topic> list(String account, String region) {
        List<Topic> result = new ArrayList<>();
        for (Topic t : topics.values()) {
            if (!t.deleted() && t.record().account().equals(account) && t.record().region().equals(region)) {
                result.add(t);
            }
        }
        result.sort((a, b) -> a.arn().compareTo(b.arn()));
        return result;
    }
}
