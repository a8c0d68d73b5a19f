package sluice.core.sns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import sluice.api.sns.MessageAttributeValue;
import sluice.api.sns.SnsContext;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsRequest;
import sluice.api.sns.SnsResult;
import sluice.api.sqs.SqsRequest;
import sluice.common.Arn;
import sluice.common.Clock;
import sluice.common.Randomness;
import sluice.core.delivery.DeliverySource;
import sluice.core.delivery.QueueDelivery;
import sluice.core.sns.filter.Attribute;
import sluice.core.sns.filter.FilterPolicy;
import sluice.core.storage.StorageEngine;

/**
 * Publish and PublishBatch, and the fan-out of each message to the topic's subscriptions.
 *
 * <p>Design: a request is checked ({@link PublishChecks}) on the caller's thread, then the whole
 * publish runs on the topic's lane: FIFO deduplication and sequence numbers, then for every
 * confirmed subscription whose filter policy matches, one delivery handed to its endpoint. SQS
 * endpoints are delivered in-process through {@link QueueDelivery}: the signed JSON envelope
 * ({@link Notification}), or with raw delivery the bare message with its attributes as SQS message
 * attributes; FIFO topics carry the message group and deduplication id through. Because the lane
 * hands deliveries to the queues in publish order, each FIFO group stays in order.
 *
 * <p>What must always hold: the publish is answered only after its FIFO deduplication record and
 * every SQS delivery it started are durable (or has failed: a delivery to a queue that no longer exists, or whose
 * Policy does not allow the topic to send, goes to the subscription's dead-letter queue, or is dropped, as AWS
 * drops it, when none is set). HTTP/S deliveries are stored as pending before the publish is
 * answered and posted, with retries, by {@link DeliveryRetries}. So are Lambda and email
 * deliveries; SMS and mobile push go to the {@link MobileSender} ({@link MobileDelivery}).
 */
final class SnsPublisher {
    private static final System.Logger LOG = System.getLogger(SnsPublisher.class.getName());
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final int MAX_BATCH_ENTRIES = 10;

    private final TopicRegistry registry;
    private final StorageEngine engine;
    private final Clock clock;
    private final Randomness randomness;
    private final QueueDelivery queues;
    private final NotificationSigner signer;
    private final DeliveryRetries retries;
    private final MobileDelivery mobile;
    /** Where envelopes are signed off the topic's lane (the outbound virtual threads). */
    private final Executor signing;
    /** Subscriptions whose failed queue delivery was already logged at WARNING (once each, then DEBUG). */
    private final Set<String> warnedSubscriptions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * One message ready to fan out: checked, with its id, per-protocol bodies, publish time and the
     * signed envelopes by body ({@link #sign} signs them before the lane hop, the lane adds any missing).
     */
    private record Prepared(SnsRequest.PublishEntry entry, String messageId, Map<String, String> perProtocol,
                            String deduplicationId, long publishedAt, Map<String, Notification> envelopes) {
    }

    SnsPublisher(TopicRegistry registry, StorageEngine engine, Clock clock, Randomness randomness, QueueDelivery queues,
                 NotificationSigner signer, DeliveryRetries retries, MobileDelivery mobile, Executor signing) {
        this.mobile = mobile;
        this.signing = signing;
        this.registry = registry;
        this.engine = engine;
        this.clock = clock;
        this.randomness = randomness;
        this.queues = queues;
        this.signer = signer;
        this.retries = retries;
    }

    /** The live topic an ARN names in the caller's region (no authorization). */
    Topic requireTopic(SnsContext ctx, String arnText, String member) {
        Arn arn = SnsArns.topic(arnText, member, ctx.scope().region());
        Topic topic = registry.find(arn.toString());
        if (topic == null) {
            throw SnsException.topicNotFound();
        }
        return topic;
    }

    CompletableFuture<SnsResult> publish(SnsContext ctx, SnsRequest.Publish r) {
        SnsRequest.PublishEntry e = r.entry();
        PublishChecks.check(e, 0);
        if (r.topicArn() == null && r.targetArn() == null) {
            if (r.phoneNumber() != null) {
                return CompletableFuture.completedFuture(mobile.publishSms(r.phoneNumber(), e));
            }
            throw SnsException.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
        }
        String target = r.topicArn() != null ? r.topicArn() : r.targetArn();
        if (r.topicArn() == null && target.contains(":endpoint/")) {
            return CompletableFuture.completedFuture(mobile.publishPush(target, e));
        }
        Topic topic = requireTopic(ctx, target, r.topicArn() != null ? "TopicArn" : "TargetArn");
        TopicPolicies.authorize(topic.record(), ctx.scope().account(), "Publish");
        Prepared prepared = prepare(topic, e);
        return sign(ctx, topic, prepared).thenCompose(v -> topic.onLane(() -> {
            List<CompletableFuture<Void>> deliveries = new ArrayList<>();
            SnsResult.Publish result = fanOutOnLane(ctx, topic, prepared, deliveries);
            return allOf(deliveries).thenApply(done -> result);
        }));
    }

    CompletableFuture<SnsResult> publishBatch(SnsContext ctx, SnsRequest.PublishBatch r) {
        Topic topic = requireTopic(ctx, r.topicArn(), "TopicArn");
        TopicPolicies.authorize(topic.record(), ctx.scope().account(), "Publish");
        List<SnsRequest.PublishBatchEntry> entries = r.entries();
        if (entries.isEmpty()) {
            throw SnsError.EMPTY_BATCH_REQUEST.error("The batch request doesn't contain any entries");
        }
        if (entries.size() > MAX_BATCH_ENTRIES) {
            throw SnsError.TOO_MANY_ENTRIES_IN_BATCH_REQUEST.error("The batch request contains more entries than permissible.");
        }
        Set<String> ids = new HashSet<>();
        for (SnsRequest.PublishBatchEntry entry : entries) {
            if (entry.id() == null || !BATCH_ID.matcher(entry.id()).matches()) {
                throw SnsError.INVALID_BATCH_ENTRY_ID.error("A batch entry id can only contain alphanumeric characters, "
                        + "hyphens and underscores. It can be at most 80 letters long.");
            }
            if (!ids.add(entry.id())) {
                throw SnsError.BATCH_ENTRY_IDS_NOT_DISTINCT.error("Two or more batch entries in the request have the same Id.");
            }
        }
        long total = 0;
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            total += PublishChecks.check(entries.get(i).entry(), i + 1);
            prepared.add(prepare(topic, entries.get(i).entry()));
        }
        if (total > PublishChecks.MAX_MESSAGE_BYTES) {
            throw SnsError.BATCH_REQUEST_TOO_LONG.error("The length of all the messages put together is more than the limit.");
        }
        List<CompletableFuture<Void>> signatures = new ArrayList<>();
        for (Prepared p : prepared) {
            signatures.add(sign(ctx, topic, p));
        }
        return allOf(signatures).thenCompose(signed -> topic.onLane(() -> {
            List<CompletableFuture<Void>> deliveries = new ArrayList<>();
            List<SnsResult.BatchSuccess> ok = new ArrayList<>();
            for (int i = 0; i < prepared.size(); i++) {
                SnsResult.Publish one = fanOutOnLane(ctx, topic, prepared.get(i), deliveries);
                ok.add(new SnsResult.BatchSuccess(entries.get(i).id(), one.messageId(), one.sequenceNumber()));
            }
            return allOf(deliveries).thenApply(v -> new SnsResult.PublishBatch(ok, List.of()));
        }));
    }

    /** The topic-type rules of a publish, checked before the lane hop. */
    private Prepared prepare(Topic topic, SnsRequest.PublishEntry e) {
        TopicRecord record = topic.record();
        String dedupId = e.messageDeduplicationId();
        if (record.fifo()) {
            if (e.messageGroupId() == null) {
                throw SnsException.invalidParameter("The MessageGroupId parameter is required for FIFO topics");
            }
            if (dedupId == null) {
                if (!"true".equals(record.attributes().get(TopicAttributes.CONTENT_BASED_DEDUPLICATION))) {
                    throw SnsException.invalidParameter("The topic should either have ContentBasedDeduplication enabled "
                            + "or MessageDeduplicationId provided explicitly");
                }
                dedupId = sha256(e.message());
            }
        } else if (dedupId != null) {
            throw SnsException.invalidParameter("MessageDeduplicationId Reason: The request includes "
                    + "MessageDeduplicationId parameter that is not valid for this topic type");
        }
        Map<String, String> perProtocol = e.messageStructure() == null ? null : PublishChecks.structured(e.message());
        return new Prepared(e, randomness.uuid().toString(), perProtocol, dedupId, clock.millis(), new HashMap<>(2));
    }

    /**
     * Signs, off the topic's lane, the envelope of every body a current subscription will get one
     * of: RSA signing is by far the costliest step of a publish, and on the lane it would serialise
     * every publish to the topic behind it. Completes at once when no subscription needs one (all
     * raw, or none matches), or when the signing threads are gone (the lane then signs). FIFO topics
     * sign on the lane: signing in parallel could reorder publishes before they reach it, and their
     * deliveries must reach the queues in the order the publishes arrived.
     */
    private CompletableFuture<Void> sign(SnsContext ctx, Topic topic, Prepared p) {
        if (topic.record().fifo()) {
            return CompletableFuture.completedFuture(null);
        }
        List<String> bodies = new ArrayList<>(2);
        for (Subscription s : topic.subscriptions()) {
            if (s.record().pending() || !needsEnvelope(s.record())) {
                continue;
            }
            String body = bodyFor(p, s.record().protocol());
            if (!bodies.contains(body) && matches(s.filter(), p.entry().messageAttributes(), body)) {
                bodies.add(body);
            }
        }
        if (bodies.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        TopicRecord record = topic.record();
        try {
            return CompletableFuture.runAsync(() -> {
                String timestamp = TIMESTAMP.format(Instant.ofEpochMilli(p.publishedAt()));
                for (String body : bodies) {
                    p.envelopes().put(body, notification(ctx, record, p, body, timestamp));
                }
            }, signing);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Whether a subscription's deliveries carry the signed JSON envelope. */
    private static boolean needsEnvelope(SubscriptionRecord s) {
        return switch (s.protocol()) {
            case "sqs", "http", "https" -> !s.rawMessageDelivery();
            case "lambda", "email", "email-json" -> true;
            default -> false;
        };
    }

    /** On the lane: deduplicates (FIFO), numbers and hands the message to every matching subscription. */
    private SnsResult.Publish fanOutOnLane(SnsContext ctx, Topic topic, Prepared p, List<CompletableFuture<Void>> deliveries) {
        TopicRecord record = topic.record();
        long now = clock.millis();
        String sequenceNumber = null;
        if (record.fifo()) {
            FifoState fifo = topic.fifo();
            for (String expired : fifo.expire(now)) {
                engine.deleteRecord(SnsRecords.NAMESPACE, SnsRecords.dedupKey(record.id(), expired));
            }
            boolean perGroup = "MessageGroup".equals(record.attributes().get(TopicAttributes.FIFO_THROUGHPUT_SCOPE));
            String key = sha256(perGroup ? "g/" + p.entry().messageGroupId() + "/" + p.deduplicationId()
                    : "t/" + p.deduplicationId());
            FifoState.Accepted duplicate = fifo.duplicateOf(key);
            if (duplicate != null) {
                return new SnsResult.Publish(duplicate.messageId(), duplicate.sequenceNumber());
            }
            sequenceNumber = fifo.nextSequenceNumber(now);
            FifoState.Accepted accepted = new FifoState.Accepted(p.messageId(), sequenceNumber);
            long expiresAt = fifo.remember(key, accepted, now);
            // written before the deliveries are handed on, so it is durable no later than they are
            deliveries.add(engine.putRecord(SnsRecords.NAMESPACE, SnsRecords.dedupKey(record.id(), key),
                    SnsRecords.encodeDedup(accepted, expiresAt)));
        }
        String timestamp = TIMESTAMP.format(Instant.ofEpochMilli(p.publishedAt()));
        Map<String, Notification> envelopes = p.envelopes();
        Map<String, Notification.Template> templates = new HashMap<>(2);
        DeliverySource source = new DeliverySource(DeliverySource.SNS, record.arn());
        for (Subscription s : topic.subscriptions()) {
            if (s.record().pending()) {
                continue;
            }
            String body = bodyFor(p, s.record().protocol());
            if (!matches(s.filter(), p.entry().messageAttributes(), body)) {
                continue;
            }
            Notification envelope = null;
            if (needsEnvelope(s.record())) {
                envelope = envelopes.computeIfAbsent(body, b -> notification(ctx, record, p, b, timestamp));
                if (sequenceNumber != null) {
                    envelope = envelope.withSequenceNumber(sequenceNumber);
                }
            }
            Notification signed = envelope;
            Notification.Template template = signed == null ? null : templates.computeIfAbsent(body, b -> signed.template());
            CompletableFuture<Void> delivery = deliver(ctx, s, p, body, envelope, template, timestamp, source);
            if (delivery != null) {
                deliveries.add(delivery);
            }
        }
        return new SnsResult.Publish(p.messageId(), sequenceNumber);
    }

    private Notification notification(SnsContext ctx, TopicRecord topic, Prepared p, String body, String timestamp) {
        String version = topic.attributes().getOrDefault(TopicAttributes.SIGNATURE_VERSION, "1");
        String topicArn = topic.arn().toString();
        String signature = signer.sign(NotificationSigner.stringToSign(body, p.messageId(), p.entry().subject(),
                timestamp, topicArn), version);
        return new Notification(p.messageId(), null, topicArn, p.entry().subject(), body, timestamp, version, signature,
                signer.certificateUrl(ctx.baseUrl()), p.entry().messageAttributes());
    }

    /** The message a protocol receives: its own key of a {@code MessageStructure=json} body, else {@code default}. */
    private static String bodyFor(Prepared p, String protocol) {
        if (p.perProtocol() == null) {
            return p.entry().message();
        }
        return p.perProtocol().getOrDefault(protocol, p.perProtocol().get("default"));
    }

    private static boolean matches(FilterPolicy filter, Map<String, MessageAttributeValue> attributes, String body) {
        if (filter == null) {
            return true;
        }
        if (filter.scope() == FilterPolicy.Scope.MESSAGE_BODY) {
            return filter.matchesBody(body);
        }
        Map<String, Attribute> values = new LinkedHashMap<>();
        attributes.forEach((name, v) -> values.put(name, new Attribute(v.dataType(),
                v.isBinary() ? java.util.Base64.getEncoder().encodeToString(v.binaryValue()) : v.stringValue())));
        return filter.matchesAttributes(values);
    }

    /**
     * Hands one message to one subscription's endpoint; returns the future of its durable delivery,
     * or null when nothing is delivered (protocols Sluice does not deliver to yet). {@code envelope}
     * and its JSON {@code template} are null for subscriptions that get none ({@link #needsEnvelope}).
     */
    private CompletableFuture<Void> deliver(SnsContext ctx, Subscription subscription, Prepared p, String body,
                                            Notification envelope, Notification.Template template, String timestamp,
                                            DeliverySource source) {
        SubscriptionRecord s = subscription.record();
        String unsubscribe = envelope == null ? null : ctx.baseUrl() + "/?Action=Unsubscribe&SubscriptionArn=" + s.arn();
        if (HttpDelivery.isHttp(s.protocol())) {
            return retries.start(s, p.messageId(), s.rawMessageDelivery() ? body : template.forSubscriber(unsubscribe));
        }
        if (s.protocol().equals("lambda")) {
            return retries.start(s, p.messageId(), LambdaDelivery.event(s, envelope, unsubscribe));
        }
        if (s.protocol().equals("sms") || s.protocol().equals("application")) {
            mobile.deliver(s, p.messageId(), timestamp, p.entry(), p.perProtocol());
            return null;
        }
        if (EmailDelivery.isEmail(s.protocol())) {
            return retries.start(s, p.messageId(), EmailDelivery.notification(s, envelope, unsubscribe));
        }
        if (!s.protocol().equals("sqs")) {
            return null;
        }
        Arn queue = subscription.queue();
        SnsRequest.PublishEntry e = p.entry();
        SqsRequest.SendEntry message;
        if (s.rawMessageDelivery()) {
            message = new SqsRequest.SendEntry(body, null, sqsAttributes(e.messageAttributes()), Map.of(),
                    p.deduplicationId(), e.messageGroupId());
        } else {
            message = new SqsRequest.SendEntry(template.forSubscriber(unsubscribe), null, Map.of(), Map.of(),
                    p.deduplicationId(), e.messageGroupId());
        }
        // AWS delivers to a queue only when the queue's access policy allows the topic (the service
        // principal sns.amazonaws.com, or "*", for aws:SourceArn = the topic) to sqs:SendMessage, in
        // the same account too: Amazon SNS Developer Guide, "Subscribing an Amazon SQS queue to an
        // Amazon SNS topic", step 2 "Give permission to the Amazon SNS topic to send messages to the
        // Amazon SQS queue" (docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html),
        // and "Example cases for Amazon SNS access control" (sns-access-policy-use-cases.html). A refused
        // delivery is a client-side error: not retried, sent to the subscription's dead-letter queue
        // or dropped (sns-dead-letter-queues.html); Subscribe itself does not check the queue's policy.
        return queues.deliver(queue, message, source).handle((id, error) -> {
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            // AWS fails these silently; a user who forgot the queue policy deserves one line in the log
            System.Logger.Level level = warnedSubscriptions.add(s.arn()) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
            LOG.log(level, () -> "SNS delivery of " + p.messageId() + " to " + s.endpoint() + " failed: "
                    + SnsService.cause(error).getMessage() + " (the subscription's dead-letter queue gets it, if it has one;"
                    + " later failures of " + s.arn() + " are logged at DEBUG)");
            return DeliveryRetries.sendToDeadLetterQueue(queues, s, message);
        }).thenCompose(f -> f);
    }

    /** SNS message attributes as SQS carries them on raw delivery (String.Array travels as a custom String type). */
    private static Map<String, sluice.api.sqs.MessageAttributeValue> sqsAttributes(Map<String, MessageAttributeValue> in) {
        Map<String, sluice.api.sqs.MessageAttributeValue> out = new LinkedHashMap<>();
        in.forEach((name, v) -> out.put(name, sluice.api.sqs.MessageAttributeValue.ofType(v.dataType(),
                v.isBinary() ? null : v.stringValue(), v.isBinary() ? v.binaryValue() : null)));
        return out;
    }

    private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> futures) {
        return futures.isEmpty() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
