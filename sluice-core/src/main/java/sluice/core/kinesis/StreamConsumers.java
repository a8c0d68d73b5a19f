package sluice.core.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisResult;
import sluice.api.kinesis.StreamRef;
import sluice.common.Clock;

/**
 * Enhanced fan-out consumers of a stream: registered, described, listed, deregistered, kept in the
 * stream's metadata record. Their ARN is {@code <stream ARN>/consumer/<name>:<creation epoch
 * seconds>}, as AWS writes it. This is the extension point for SubscribeToShard: a subscription
 * will name one of these consumers by ARN and read the stream's shard stores on its lane.
 * Runs on the stream's lane.
 */
final class StreamConsumers {
    static final int MAX_CONSUMERS = 20;
    /** AWS registers at most this many consumers of a stream at once (consumers in CREATING). */
    static final int MAX_CREATING = 5;

    private final Clock clock;
    private final long activationDelayMillis;

    StreamConsumers(Clock clock, long activationDelayMillis) {
        this.clock = clock;
        this.activationDelayMillis = activationDelayMillis;
    }

    /** The stream a consumer call names: by StreamARN, else by the stream part of the ConsumerARN. */
    static StreamRef streamOf(String streamArn, String consumerArn) {
        if (streamArn != null) {
            return new StreamRef(null, streamArn);
        }
        int at = consumerArn == null ? -1 : consumerArn.indexOf("/consumer/");
        if (at < 0) {
            throw KinesisException.invalidArgument("Either ConsumerARN or both StreamARN and ConsumerName must be provided.");
        }
        return new StreamRef(null, consumerArn.substring(0, at));
    }

    private KinesisResult.Consumer consumer(KinesisStream s, String name, boolean description) {
        long created = s.consumers.get(name);
        String status = creating(created) ? "CREATING" : "ACTIVE";
        return new KinesisResult.Consumer(name, s.consumerArn(name), status, created, s.arn(), description);
    }

    private boolean creating(long created) {
        return clock.millis() < created + activationDelayMillis;
    }

    /** The name of the consumer a call names by name or ARN; ResourceNotFound when there is none. */
    static String nameOf(KinesisStream s, String name, String arn) {
        String found = name;
        if (found == null && arn != null) {
            for (String c : s.consumers.keySet()) {
                if (s.consumerArn(c).equals(arn)) {
                    found = c;
                }
            }
        }
        if (found == null || !s.consumers.containsKey(found) || (arn != null && !s.consumerArn(found).equals(arn))) {
            throw KinesisError.RESOURCE_NOT_FOUND.error("Consumer " + (name != null ? name : arn) + ", account " + s.account
                    + " not found.");
        }
        return found;
    }

    KinesisResult register(KinesisStream s, String name) {
        if (name == null || name.isEmpty() || name.length() > 128 || !name.matches("[a-zA-Z0-9_.-]+")) {
            throw KinesisException.validation("1 validation error detected: Value '" + name
                    + "' at 'consumerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        if (s.consumers.containsKey(name)) {
            throw KinesisError.RESOURCE_IN_USE.error("Consumer " + s.consumerArn(name) + " under account " + s.account
                    + " already exists.");
        }
        if (s.consumers.size() >= MAX_CONSUMERS) {
            throw KinesisError.LIMIT_EXCEEDED.error("Consumer limit of " + MAX_CONSUMERS + " reached for stream " + s.arn() + ".");
        }
        if (s.consumers.values().stream().filter(this::creating).count() >= MAX_CREATING) {
            throw KinesisError.LIMIT_EXCEEDED.error("Stream " + s.arn() + " under account " + s.account + " already has "
                    + MAX_CREATING + " consumers in CREATING status; at most " + MAX_CREATING + " can be created at the same time.");
        }
        s.consumers.put(name, clock.millis());
        return consumer(s, name, false);
    }

    KinesisResult deregister(KinesisStream s, String name, String arn) {
        String found = nameOf(s, name, arn);
        s.consumers.remove(found);
        s.consumerPolicies.remove(found);
        return new KinesisResult.Empty();
    }

    KinesisResult describe(KinesisStream s, String name, String arn) {
        return consumer(s, nameOf(s, name, arn), true);
    }

    KinesisResult list(KinesisStream s, String nextToken, Integer maxResults) {
        int max = maxResults == null ? 100 : maxResults;
        if (max < 1 || max > 10_000) {
            throw KinesisException.validation("1 validation error detected: Value '" + max
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10000 and greater than or equal to 1");
        }
        String after = nextToken == null ? null : KinesisService.decodeToken(nextToken)[1];
        Map<String, Long> page = after == null ? s.consumers : s.consumers.tailMap(after, false);
        List<KinesisResult.Consumer> out = new ArrayList<>();
        for (String name : page.keySet()) {
            if (out.size() == max) {
                break;
            }
            out.add(consumer(s, name, false));
        }
        String token = page.size() > out.size() ? KinesisService.encodeToken(s.name, out.getLast().consumerName()) : null;
        return new KinesisResult.ConsumerList(out, token);
    }
}
