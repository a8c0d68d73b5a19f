package sluice.core.sns;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import sluice.api.sqs.SqsRequest;
import sluice.common.Arn;
import sluice.common.Clock;
import sluice.common.Json;
import sluice.core.delivery.DeliverySource;
import sluice.core.delivery.QueueDelivery;
import sluice.core.storage.StorageEngine;

/**
 * Durable HTTP/S, Lambda and email notification delivery with AWS's retries and dead-letter queues.
 *
 * <p>Design: a notification for an HTTP/S subscription becomes a pending-delivery record
 * ({@code hr/{subscription uuid}/{message id}} in the {@code sns} namespace: subscription ARN,
 * message id, body, attempts made, next attempt time) before Publish is answered. Its first attempt
 * follows once the record is durable; a success deletes the record; a failure either stores the
 * next attempt time ({@link DeliveryPolicy}) and schedules it on the shared timer, or, once the
 * policy's retries are spent, sends the body to the subscription's dead-letter queue (its
 * RedrivePolicy's {@code deadLetterTargetArn}, through {@link QueueDelivery}) and deletes the
 * record. On start every stored record is scheduled again at its stored time (at once if that has
 * passed), so retries and their schedule survive restarts.
 *
 * <p>An HTTP/S subscription's SubscriptionConfirmation takes the same path (a record of type
 * {@code SubscriptionConfirmation}), as AWS retries "all messages, including the subscription
 * confirmation message" (Amazon SNS Developer Guide, "Step 1: Make sure your endpoint is ready to
 * process Amazon SNS messages"), under the subscription's effective delivery policy; its attempts
 * stop once the subscription is confirmed or gone, and once spent it is dropped (no dead-letter
 * queue: it is no notification). Records written before the type member existed are notifications.
 *
 * <p>What must always hold: a record exists from before Publish is answered until the delivery
 * succeeded, was dead-lettered, or its subscription is gone; its stored attempt count never runs
 * behind the attempts made, except by the one attempt in flight at a crash (delivery is at least once).
 */
final class DeliveryRetries {
    private static final System.Logger LOG = System.getLogger(DeliveryRetries.class.getName());
    private static final String PREFIX = "hr/";
    private static final int VERSION = 1;

    /** How one attempt ended: delivered, failed (retry), or rejected as a client error (no retry). */
    enum Outcome { DELIVERED, FAILED, REJECTED }

    /** One pending notification (or, {@code confirmation}, SubscriptionConfirmation) for one subscription. */
    record Pending(String subscriptionArn, String messageId, String body, int attempts, long nextAt, boolean confirmation) {
        String key() {
            return PREFIX + subscriptionArn.substring(subscriptionArn.lastIndexOf(':') + 1) + "/" + messageId;
        }

        Pending failedOnce(long next) {
            return new Pending(subscriptionArn, messageId, body, attempts + 1, next, confirmation);
        }
    }

    private final TopicRegistry registry;
    private final StorageEngine engine;
    private final HttpDelivery http;
    private final LambdaDelivery lambda;
    private final EmailDelivery email;
    private final QueueDelivery queues;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    /** Per subscription ARN: the pacing of its throttlePolicy (entries of deleted subscriptions are tiny and few). */
    private final Map<String, DeliveryThrottle> throttles = new java.util.concurrent.ConcurrentHashMap<>();

    DeliveryRetries(TopicRegistry registry, StorageEngine engine, HttpDelivery http, LambdaDelivery lambda,
                    EmailDelivery email, QueueDelivery queues, ScheduledExecutorService timer, Clock clock) {
        this.email = email;
        this.registry = registry;
        this.engine = engine;
        this.http = http;
        this.lambda = lambda;
        this.queues = queues;
        this.timer = timer;
        this.clock = clock;
    }

    /** Stores the notification as pending; its first attempt starts once the record is durable. */
    CompletableFuture<Void> start(SubscriptionRecord s, String messageId, String body) {
        return start(new Pending(s.arn(), messageId, body, 0, clock.millis(), false));
    }

    /** Stores the SubscriptionConfirmation of a pending HTTP/S subscription; its first attempt follows. */
    CompletableFuture<Void> startConfirmation(SubscriptionRecord s, HttpEndpointSender.Post confirmation) {
        return start(new Pending(s.arn(), confirmation.messageId(), confirmation.body(), 0, clock.millis(), true));
    }

    private CompletableFuture<Void> start(Pending p) {
        CompletableFuture<Void> stored = engine.putRecord(SnsRecords.NAMESPACE, p.key(), encode(p));
        stored.thenRun(() -> attempt(p));
        return stored;
    }

    /** Schedules every pending delivery found in the engine at its stored time. */
    void recover(SortedMap<String, byte[]> records) {
        long now = clock.millis();
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            if (e.getKey().startsWith(PREFIX)) {
                Pending p = decode(e.getValue());
                schedule(p, Math.max(0, p.nextAt() - now));
            }
        }
    }

    private void schedule(Pending p, long delayMillis) {
        try {
            timer.schedule(() -> attempt(p), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "shutting down; the retry of " + p.key() + " resumes at the next start");
        }
    }

    private void attempt(Pending p) {
        Topic topic = registry.ownerOf(p.subscriptionArn());
        Subscription s = topic == null ? null : topic.find(p.subscriptionArn());
        if (s == null || s.record().pending() != p.confirmation()) {
            engine.deleteRecord(SnsRecords.NAMESPACE, p.key());
            return;
        }
        SubscriptionRecord r = s.record();
        DeliveryPolicy policy = switch (r.protocol()) {
            case "lambda" -> LambdaDelivery.AWS_MANAGED_POLICY;
            case "email", "email-json" -> EmailDelivery.CUSTOMER_MANAGED_POLICY;
            default -> DeliveryPolicy.effective(topic.record().attributes(), r.attributes());
        };
        if (HttpDelivery.isHttp(r.protocol()) && !p.confirmation()) {
            int perSecond = DeliveryThrottle.maxReceivesPerSecond(topic.record().attributes(), r.attributes());
            long wait = perSecond == 0 ? 0
                    : throttles.computeIfAbsent(r.arn(), arn -> new DeliveryThrottle()).take(clock.millis(), perSecond);
            if (wait > 0) {
                schedule(p, wait); // the subscription's throttlePolicy: not an attempt, no retry used
                return;
            }
        }
        send(p, r, topic, policy).thenAccept(outcome -> {
            if (outcome == Outcome.DELIVERED) {
                engine.deleteRecord(SnsRecords.NAMESPACE, p.key());
            } else if (p.confirmation() && p.attempts() >= policy.numRetries()) {
                engine.deleteRecord(SnsRecords.NAMESPACE, p.key());
            } else if (outcome == Outcome.REJECTED || p.attempts() >= policy.numRetries()) {
                deadLetter(s.record(), p);
            } else {
                long delay = policy.delayMillisBeforeRetry(p.attempts() + 1);
                Pending next = p.failedOnce(clock.millis() + delay);
                engine.putRecord(SnsRecords.NAMESPACE, next.key(), encode(next)).thenRun(() -> schedule(next, delay));
            }
        });
    }

    /** One attempt at sending the pending message to its endpoint. */
    private CompletableFuture<Outcome> send(Pending p, SubscriptionRecord r, Topic topic, DeliveryPolicy policy) {
        if (p.confirmation()) {
            return http.confirmSubscription(r, p.messageId(), p.body()).thenApply(ok -> ok ? Outcome.DELIVERED : Outcome.FAILED);
        }
        return switch (r.protocol()) {
            case "lambda" -> lambda.invoke(r, p.body());
            case "email", "email-json" -> email.send(r, topic.record(), p.body());
            default -> http.notify(r, p.messageId(), p.body(), policy.headerContentType())
                    .thenApply(ok -> ok ? Outcome.DELIVERED : Outcome.FAILED);
        };
    }

    /** Moves an undeliverable notification to the subscription's dead-letter queue, or drops it without one. */
    private void deadLetter(SubscriptionRecord s, Pending p) {
        sendToDeadLetterQueue(queues, s, new SqsRequest.SendEntry(p.body(), null, Map.of(), Map.of(), null, null))
                .whenComplete((v, e) ->
                engine.deleteRecord(SnsRecords.NAMESPACE, p.key()));
    }

    /**
     * Sends a message that could not be delivered to the subscription's dead-letter queue (whose
     * Policy must allow the topic to send, as AWS requires of SNS dead-letter queues); completes
     * (never exceptionally) once it is durable there, or at once when the subscription has none.
     */
    static CompletableFuture<Void> sendToDeadLetterQueue(QueueDelivery queues, SubscriptionRecord s,
                                                         SqsRequest.SendEntry message) {
        Arn dlq = deadLetterQueue(s);
        if (dlq == null) {
            LOG.log(System.Logger.Level.DEBUG, () -> "a message for " + s.arn() + " was undeliverable and is dropped "
                    + "(the subscription has no RedrivePolicy)");
            return CompletableFuture.completedFuture(null);
        }
        Arn topic = Arn.parse(s.topicArn());
        CompletableFuture<String> sent = topic == null ? queues.deliver(dlq, message)
                : queues.deliver(dlq, message, new DeliverySource(DeliverySource.SNS, topic));
        return sent.handle((id, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.WARNING, () -> "the dead-letter queue " + dlq + " of " + s.arn()
                        + " refused an undeliverable message, which is dropped: " + SnsService.cause(error).getMessage());
            }
            return null;
        });
    }

    private static Arn deadLetterQueue(SubscriptionRecord s) {
        String policy = s.attributes().get(SubscriptionAttributes.REDRIVE_POLICY);
        if (policy == null) {
            return null;
        }
        try {
            return Json.parse(policy) instanceof Map<?, ?> m && m.get("deadLetterTargetArn") instanceof String arn
                    ? Arn.parse(arn) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] encode(Pending p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("v", VERSION);
        out.put("subscriptionArn", p.subscriptionArn());
        out.put("messageId", p.messageId());
        out.put("attempts", p.attempts());
        out.put("nextAt", p.nextAt());
        out.put("body", p.body());
        if (p.confirmation()) {
            out.put("type", HttpDelivery.SUBSCRIPTION_CONFIRMATION);
        }
        return Json.write(out).getBytes(StandardCharsets.UTF_8);
    }

    private static Pending decode(byte[] value) {
        if (!(Json.parse(new String(value, StandardCharsets.UTF_8)) instanceof Map<?, ?> in)
                || !(in.get("v") instanceof BigDecimal v)) {
            throw new IllegalStateException("corrupt SNS pending-delivery record");
        }
        if (v.intValue() != VERSION) {
            throw new IllegalStateException("unknown SNS pending-delivery record version " + v + " (this build reads "
                    + VERSION + "); was the data directory written by a newer Sluice?");
        }
        return new Pending((String) in.get("subscriptionArn"), (String) in.get("messageId"), (String) in.get("body"),
                ((BigDecimal) in.get("attempts")).intValue(), ((BigDecimal) in.get("nextAt")).longValueExact(),
                HttpDelivery.SUBSCRIPTION_CONFIRMATION.equals(in.get("type")));
    }
}
