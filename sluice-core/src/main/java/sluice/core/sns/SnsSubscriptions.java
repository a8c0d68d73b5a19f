package sluice.core.sns;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import sluice.api.sns.SnsContext;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsRequest;
import sluice.api.sns.SnsResult;
import sluice.common.Arn;
import sluice.common.Clock;
import sluice.common.Randomness;
import sluice.core.storage.StorageEngine;

/**
 * Subscribe, ConfirmSubscription, Unsubscribe, the two list calls and the subscription attribute
 * calls, with AWS's validation.
 *
 * <p>Design: every change runs on the owning topic's lane (through {@link Topic#onLane}) and is
 * answered once the record is durable. Subscriptions to {@code sqs}, {@code lambda},
 * {@code firehose}, {@code application} and {@code sms} endpoints are confirmed at once; {@code http},
 * {@code https}, {@code email} and {@code email-json} ones stay pending until ConfirmSubscription
 * presents their token. HTTP/S endpoints are sent a SubscriptionConfirmation carrying the token
 * ({@link HttpDelivery}; stored and retried under the delivery policy by {@link DeliveryRetries}),
 * email ones a confirmation mail ({@link EmailDelivery}), once the pending subscription is durable
 * (again on a repeated Subscribe while it is pending); HTTP/S endpoints also
 * get an UnsubscribeConfirmation once a confirmed subscription is deleted. A deleted subscription
 * (by Unsubscribe, or left pending for 48 hours, see {@link #expireOnLane}) is remembered as a
 * {@link SubscriptionDeletion} for the topic's SubscriptionsDeleted count.
 */
final class SnsSubscriptions {
    static final String PENDING_CONFIRMATION = "pending confirmation";

    private static final Set<String> PROTOCOLS = Set.of("http", "https", "email", "email-json", "sms", "sqs",
            "application", "lambda", "firehose");
    private static final Set<String> NEED_CONFIRMATION = Set.of("http", "https", "email", "email-json");
    private static final Pattern E164 = Pattern.compile("\\+?[0-9]{8,15}");

    private final TopicRegistry registry;
    private final StorageEngine engine;
    private final Randomness randomness;
    private final HttpDelivery http;
    private final EmailDelivery email;
    private final DeliveryRetries retries;
    private final Clock clock;

    SnsSubscriptions(TopicRegistry registry, StorageEngine engine, Clock clock, Randomness randomness, HttpDelivery http,
                     EmailDelivery email, DeliveryRetries retries) {
        this.retries = retries;
        this.clock = clock;
        this.email = email;
        this.registry = registry;
        this.engine = engine;
        this.randomness = randomness;
        this.http = http;
    }

    private static String signatureVersion(Topic topic) {
        return topic.record().attributes().getOrDefault(TopicAttributes.SIGNATURE_VERSION, "1");
    }

    CompletableFuture<SnsResult> subscribe(SnsContext ctx, SnsRequest.Subscribe r) {
        Topic topic = requireTopic(ctx, r.topicArn(), "TopicArn");
        TopicPolicies.authorize(topic.record(), ctx.scope().account(), "Subscribe");
        String protocol = r.protocol();
        if (!PROTOCOLS.contains(protocol)) {
            throw SnsException.invalidParameter("Amazon SNS does not support this protocol string: " + protocol);
        }
        boolean fifo = topic.record().fifo();
        checkEndpoint(protocol, r.endpoint(), fifo);
        Map<String, String> attributes = SubscriptionAttributes.forNewSubscription(r.attributes(), protocol, fifo);
        boolean returnArn = Boolean.TRUE.equals(r.returnSubscriptionArn());
        return topic.onLane(() -> {
            for (Subscription existing : topic.subscriptions()) {
                SubscriptionRecord s = existing.record();
                if (s.protocol().equals(protocol) && s.endpoint().equals(r.endpoint())) {
                    if (SubscriptionAttributes.differ(s.attributes(), attributes)) {
                        throw SnsException.invalidParameter(
                                "Attributes Reason: Subscription already exists with different attributes");
                    }
                    CompletableFuture<Void> sent = s.pending() ? sendConfirmation(ctx, topic, s)
                            : CompletableFuture.completedFuture(null);
                    return sent.thenApply(v -> new SnsResult.SubscriptionArn(s.pending() && !returnArn
                            ? PENDING_CONFIRMATION : s.arn()));
                }
            }
            boolean pending = NEED_CONFIRMATION.contains(protocol);
            byte[] token = new byte[32];
            randomness.nextBytes(token);
            SubscriptionRecord record = new SubscriptionRecord(topic.arn() + ":" + randomness.uuid(), topic.id(),
                    topic.arn(), protocol, r.endpoint(), ctx.scope().account(), attributes, pending,
                    HexFormat.of().formatHex(token), !pending, clock.millis());
            topic.put(Subscription.of(record));
            registry.indexSubscription(record.arn(), topic);
            return write(record).thenCompose(v -> pending ? sendConfirmation(ctx, topic, record)
                            : CompletableFuture.<Void>completedFuture(null))
                    .thenApply(v -> new SnsResult.SubscriptionArn(pending && !returnArn ? PENDING_CONFIRMATION : record.arn()));
        });
    }

    /**
     * Sends the confirmation request (HTTP/S: stored first, then posted with retries by
     * {@link DeliveryRetries}; the future completes once it is stored) or mail (email, email-json)
     * carrying the token.
     */
    private CompletableFuture<Void> sendConfirmation(SnsContext ctx, Topic topic, SubscriptionRecord s) {
        if (HttpDelivery.isHttp(s.protocol())) {
            return retries.startConfirmation(s, http.subscriptionConfirmation(ctx.baseUrl(), s, signatureVersion(topic)));
        }
        if (EmailDelivery.isEmail(s.protocol())) {
            email.confirm(ctx.baseUrl(), s, topic.record());
        }
        return CompletableFuture.completedFuture(null);
    }

    private static void checkEndpoint(String protocol, String endpoint, boolean fifoTopic) {
        String e = endpoint == null ? "" : endpoint;
        switch (protocol) {
            case "sqs" -> {
                Arn queue = SnsArns.sqsQueue(e);
                if (queue == null) {
                    throw SnsException.invalidParameter("SQS endpoint ARN");
                }
                boolean fifoQueue = queue.resource().endsWith(".fifo");
                if (fifoQueue && !fifoTopic) {
                    throw SnsException.invalidParameter(
                            "Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics");
                }
                if (fifoTopic && !fifoQueue) {
                    throw SnsException.invalidParameter("Invalid parameter: Endpoint Reason: Please use FIFO SQS queue");
                }
                return;
            }
            case "http", "https" -> {
                if (!e.startsWith(protocol + "://")) {
                    throw SnsException.invalidParameter("Endpoint must match the specified protocol");
                }
            }
            case "email", "email-json" -> {
                if (!e.matches("[^@\\s]+@[^@\\s]+")) {
                    throw SnsException.invalidParameter("Email address");
                }
            }
            case "sms" -> {
                if (!E164.matcher(e).matches()) {
                    throw SnsError.INVALID_PARAMETER.error("Invalid SMS endpoint: " + e);
                }
            }
            case "lambda", "firehose", "application" -> {
                Arn arn = Arn.parse(e);
                if (arn == null) {
                    throw SnsException.invalidParameter(switch (protocol) {
                        case "lambda" -> "Lambda endpoint ARN";
                        case "firehose" -> "Firehose endpoint ARN";
                        default -> "ApplicationEndpoint ARN";
                    });
                }
            }
            default -> {
            }
        }
        if (fifoTopic) {
            throw SnsException.invalidParameter("Invalid parameter: Endpoint Reason: Please use FIFO SQS queue");
        }
    }

    CompletableFuture<SnsResult> confirm(SnsContext ctx, SnsRequest.ConfirmSubscription r) {
        Arn arn = Arn.parse(r.topicArn());
        if (arn == null || !arn.service().equals("sns") || !arn.region().equals(ctx.scope().region())) {
            throw SnsException.invalidParameter("Topic");
        }
        Topic topic = registry.find(arn.toString());
        if (topic == null) {
            throw SnsException.topicNotFound();
        }
        boolean authenticated = "true".equalsIgnoreCase(r.authenticateOnUnsubscribe());
        return topic.onLane(() -> {
            for (Subscription s : topic.subscriptions()) {
                SubscriptionRecord record = s.record();
                if (record.token().equals(r.token())) {
                    if (!record.pending()) {
                        return SnsService.done(new SnsResult.SubscriptionArn(record.arn()));
                    }
                    SubscriptionRecord confirmed = record.confirmed(authenticated);
                    topic.put(new Subscription(confirmed, s.filter()));
                    return write(confirmed).thenApply(v -> new SnsResult.SubscriptionArn(confirmed.arn()));
                }
            }
            throw SnsException.invalidParameter("Token");
        });
    }

    CompletableFuture<SnsResult> unsubscribe(SnsContext ctx, SnsRequest.Unsubscribe r) {
        SnsArns.checkSubscription(r.subscriptionArn());
        Topic topic = registry.ownerOf(r.subscriptionArn());
        if (topic == null) {
            return SnsService.done(new SnsResult.Empty());
        }
        return topic.onLane(() -> {
            Subscription s = topic.find(r.subscriptionArn());
            if (s == null) {
                return SnsService.done(new SnsResult.Empty());
            }
            if (!s.record().owner().equals(ctx.scope().account())) {
                TopicPolicies.authorize(topic.record(), ctx.scope().account(), "Unsubscribe");
            }
            String version = signatureVersion(topic);
            return deleteOnLane(topic, s.record())
                    .thenApply(v -> {
                        if (!s.record().pending() && HttpDelivery.isHttp(s.record().protocol())) {
                            http.confirmUnsubscribe(ctx.baseUrl(), s.record(), version);
                        }
                        return new SnsResult.Empty();
                    });
        });
    }

    /** On the lane: removes a subscription and remembers its deletion, durably. */
    private CompletableFuture<Void> deleteOnLane(Topic topic, SubscriptionRecord s) {
        topic.remove(s.arn());
        registry.unindexSubscription(s.arn());
        SubscriptionDeletion deletion = new SubscriptionDeletion(s.uuid(), clock.millis());
        topic.addDeletion(deletion);
        return CompletableFuture.allOf(
                engine.deleteRecord(SnsRecords.NAMESPACE, SnsRecords.subscriptionKey(topic.id(), s.uuid())),
                engine.putRecord(SnsRecords.NAMESPACE, SnsRecords.deletionKey(topic.id(), s.uuid()),
                        SnsRecords.encodeDeletion(deletion)));
    }

    /**
     * On the lane: deletes the subscriptions that stayed pending confirmation for 48 hours, as AWS
     * does, and forgets deletions older than SubscriptionsDeleted counts.
     */
    CompletableFuture<Void> expireOnLane(Topic topic) {
        long now = clock.millis();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (Subscription s : topic.subscriptions()) {
            SubscriptionRecord r = s.record();
            if (r.pending() && r.createdAt() + SubscriptionDeletion.PENDING_LIFETIME_MILLIS <= now) {
                writes.add(deleteOnLane(topic, r));
            }
        }
        for (SubscriptionDeletion d : topic.forgetDeletionsUntil(now - SubscriptionDeletion.COUNTED_MILLIS)) {
            writes.add(engine.deleteRecord(SnsRecords.NAMESPACE, SnsRecords.deletionKey(topic.id(), d.uuid())));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    SnsResult list(SnsContext ctx, SnsRequest.ListSubscriptions r) {
        List<SnsResult.Subscription> all = new ArrayList<>();
        for (Topic topic : registry.listRegion(ctx.scope().region())) {
            for (Subscription s : topic.subscriptions()) {
                if (s.record().owner().equals(ctx.scope().account())) {
                    all.add(summary(s.record()));
                }
            }
        }
        return page(all, r.nextToken());
    }

    SnsResult listByTopic(SnsContext ctx, SnsRequest.ListSubscriptionsByTopic r) {
        Topic topic = requireTopic(ctx, r.topicArn(), "TopicArn");
        TopicPolicies.authorize(topic.record(), ctx.scope().account(), "ListSubscriptionsByTopic");
        List<SnsResult.Subscription> all = new ArrayList<>();
        for (Subscription s : topic.subscriptions()) {
            all.add(summary(s.record()));
        }
        return page(all, r.nextToken());
    }

    private static SnsResult page(List<SnsResult.Subscription> all, String token) {
        all.sort((a, b) -> key(a).compareTo(key(b)));
        Paging.Page<SnsResult.Subscription> page = Paging.page(all, SnsSubscriptions::key, token);
        return new SnsResult.Subscriptions(page.items(), page.nextToken());
    }

    /** The paging key of a listed subscription: its topic and endpoint, then its ARN (pending ones list no ARN). */
    private static String key(SnsResult.Subscription s) {
        return s.topicArn() + "\u0000" + s.protocol() + "\u0000" + s.endpoint();
    }

    private static SnsResult.Subscription summary(SubscriptionRecord s) {
        return new SnsResult.Subscription(s.pending() ? "PendingConfirmation" : s.arn(), s.owner(), s.protocol(),
                s.endpoint(), s.topicArn());
    }

    SnsResult attributes(SnsContext ctx, SnsRequest.GetSubscriptionAttributes r) {
        Subscription s = requireSubscription(r.subscriptionArn());
        return new SnsResult.Attributes(SubscriptionAttributes.view(s.record()));
    }

    CompletableFuture<SnsResult> setAttributes(SnsContext ctx, SnsRequest.SetSubscriptionAttributes r) {
        Subscription found = requireSubscription(r.subscriptionArn());
        Topic topic = registry.ownerOf(found.arn());
        return topic.onLane(() -> {
            Subscription s = topic.find(r.subscriptionArn());
            if (s == null) {
                throw SnsException.subscriptionNotFound();
            }
            SubscriptionRecord record = s.record();
            Map<String, String> attributes = SubscriptionAttributes.updated(record.attributes(), r.attributeName(),
                    r.attributeValue(), record.protocol(), topic.record().fifo());
            SubscriptionRecord updated = record.withAttributes(attributes);
            topic.put(Subscription.of(updated));
            return write(updated).thenApply(v -> new SnsResult.Empty());
        });
    }

    private Subscription requireSubscription(String arn) {
        SnsArns.checkSubscription(arn);
        Topic topic = registry.ownerOf(arn);
        Subscription s = topic == null ? null : topic.find(arn);
        if (s == null) {
            throw SnsException.subscriptionNotFound();
        }
        return s;
    }

    private Topic requireTopic(SnsContext ctx, String arnText, String member) {
        Arn arn = SnsArns.topic(arnText, member, ctx.scope().region());
        Topic topic = registry.find(arn.toString());
        if (topic == null) {
            throw SnsException.topicNotFound();
        }
        return topic;
    }

    private CompletableFuture<Void> write(SubscriptionRecord record) {
        return engine.putRecord(SnsRecords.NAMESPACE, SnsRecords.subscriptionKey(record.topicId(), record.uuid()),
                SnsRecords.encode(record));
    }
}
