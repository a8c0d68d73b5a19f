package sluice.core.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sluice.api.sqs.SqsException;
import sluice.common.Arn;

/**
 * Every live queue by (account, region, name), and the recently deleted names that may not be
 * reused for 60 seconds. Lookups are lock-free; creation and deletion are serialised by the
 * registry's monitor so two CreateQueue calls for one name agree on one queue.
 */
final class QueueRegistry {
    static final long NAME_REUSE_DELAY_MILLIS = 60_000;

    private final Map<String, SqsQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();

    static String key(String account, String region, String name) {
        return account + '\u0000' + region + '\u0000' + name;
    }

    SqsQueue find(String account, String region, String name) {
        return queues.get(key(account, region, name));
    }

    SqsQueue find(Arn arn) {
        return arn == null ? null : find(arn.account(), arn.region(), arn.resource());
    }

    SqsQueue require(String account, String region, String name) {
        SqsQueue queue = find(account, region, name);
        if (queue == null || queue.deleted()) {
            throw SqsException.queueDoesNotExist();
        }
        return queue;
    }

    /**
     * A queue id never used before in this data directory, so no receipt handle, stored message or
     * record of a deleted queue can ever match a queue created later under the same name, even
     * after a restart: random, positive, and not held by a live queue.
     */
    long nextId(sluice.common.Randomness randomness) {
        byte[] b = new byte[8];
        while (true) {
            randomness.nextBytes(b);
            long id = java.nio.ByteBuffer.wrap(b).getLong() & Long.MAX_VALUE;
            if (id != 0 && queues.values().stream().noneMatch(q -> q.id() == id)) {
                return id;
            }
        }
    }

    /** Whether the name was deleted less than 60 s before {@code now}. */
    boolean recentlyDeleted(String account, String region, String name, long now) {
        Long at = deletedAt.get(key(account, region, name));
        return at != null && now - at < NAME_REUSE_DELAY_MILLIS;
    }

    void add(SqsQueue queue) {
        queues.put(key(queue.record().account(), queue.record().region(), queue.record().name()), queue);
    }

    void remove(SqsQueue queue, long now) {
        String key = key(queue.record().account(), queue.record().region(), queue.record().name());
        queues.remove(key, queue);
        deletedAt.put(key, now);
        deletedAt.values().removeIf(at -> now - at >= NAME_REUSE_DELAY_MILLIS && at != now);
    }

    /** The live queues of one account and region. */
    List<SqsQueue> list(String account, String region) {
        List<SqsQueue> result = new ArrayList<>();
        for (SqsQueue q : queues.values()) {
            if (!q.deleted() && q.record().account().equals(account) && q.record().region().equals(region)) {
                result.add(q);
            }
        }
        result.sort((a, b) -> a.record().name().compareTo(b.record().name()));
        return result;
    }

    List<SqsQueue> all() {
        return new ArrayList<>(queues.values());
    }
}
