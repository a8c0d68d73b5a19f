package sluice.core.sns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import sluice.api.sns.SnsApi;
import sluice.api.sns.SnsContext;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsRequest;
import sluice.api.sns.SnsResult;
import sluice.api.sns.Tag;
import sluice.common.Arn;
import sluice.common.Clock;
import sluice.common.Randomness;
import sluice.core.Lanes;
import sluice.core.delivery.QueueDelivery;
import sluice.core.storage.StorageEngine;

/**
 * The SNS service: topic management here, subscriptions in {@link SnsSubscriptions}, publishing
 * and fan-out in {@link SnsPublisher}, mobile push and SMS bookkeeping in {@link SnsMobileAndSms}.
 *
 * <p>Design: topics and subscriptions are metadata records of the storage engine (namespace
 * {@code sns}, see {@link SnsRecords}), loaded once at start into the {@link TopicRegistry}. Each
 * topic is owned by one lane (by its id); every change to a topic and every publish to it runs
 * there, and a write is answered only once the engine reports it durable. Deliveries to SQS go
 * through the in-process {@link QueueDelivery} port, never through SQS's storage.
 */
public final class SnsService implements SnsApi, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SnsService.class.getName());
    private static final int MAX_TAGS = 50;

    private final StorageEngine engine;
    private final Lanes lanes;
    private final Clock clock;
    private final TopicRegistry registry = new TopicRegistry();
    private final SnsSubscriptions subscriptions;
    private final SnsPublisher publisher;
    private final SnsMobileAndSms mobile;
    private final HttpDelivery http;
    private final DeliveryRetries retries;
    private final SnsOutbox outbox;

    public SnsService(StorageEngine engine, Lanes lanes, Clock clock, Randomness randomness, QueueDelivery queues,
                      SigningIdentity signing) {
        this(engine, lanes, clock, randomness, queues, signing, SnsDeliverySettings.NONE);
    }

    public SnsService(StorageEngine engine, Lanes lanes, Clock clock, Randomness randomness, QueueDelivery queues,
                      SigningIdentity signing, SnsDeliverySettings settings) {
        this(engine, lanes, clock, randomness, queues, CompletableFuture.completedFuture(signing), settings);
    }

    /** With a signing identity that may still be being generated: the first signature waits for it. */
    public SnsService(StorageEngine engine, Lanes lanes, Clock clock, Randomness randomness, QueueDelivery queues,
                      CompletableFuture<SigningIdentity> signing, SnsDeliverySettings settings) {
        this.engine = engine;
        this.lanes = lanes;
        this.clock = clock;
        NotificationSigner signer = new NotificationSigner(signing);
        this.http = new HttpDelivery(signer, clock, randomness);
        EmailDelivery email = new EmailDelivery(settings, http.sender().threads());
        this.retries = new DeliveryRetries(registry, engine, http,
                new LambdaDelivery(http.sender(), settings.lambdaEndpoints()), email, queues, lanes.timer(), clock);
        this.subscriptions = new SnsSubscriptions(registry, engine, clock, randomness, http, email, retries);
        this.mobile = new SnsMobileAndSms(engine, clock, randomness);
        this.outbox = settings.mobileSender() == null ? new SnsOutbox() : null;
        MobileSender mobileSender = outbox != null ? outbox : settings.mobileSender();
        this.publisher = new SnsPublisher(registry, engine, clock, randomness, queues, signer, retries,
                new MobileDelivery(mobile, mobileSender, clock, randomness), http.sender().threads());
        recover();
        lanes.timer().scheduleWithFixedDelay(this::expireSubscriptions, 60, 60, TimeUnit.SECONDS);
    }

    /**
     * Deletes the subscriptions left pending for 48 hours and forgets old deletions, topic by topic
     * on each topic's lane; completes when every change is durable.
     */
    CompletableFuture<Void> expireSubscriptions() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Topic topic : registry.all()) {
            done.add(topic.onLane(() -> subscriptions.expireOnLane(topic)).exceptionally(e -> null));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    /** Rebuilds the topics and their subscriptions from the engine; drops subscriptions of deleted topics. */
    private void recover() {
        SortedMap<String, byte[]> records = engine.records(SnsRecords.NAMESPACE);
        Map<Long, Topic> byId = new HashMap<>();
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            if (SnsRecords.isTopicKey(e.getKey())) {
                TopicRecord record = SnsRecords.decodeTopic(e.getValue());
                registry.noteRecoveredId(record.id());
                Topic topic = newTopic(record);
                registry.add(topic);
                byId.put(record.id(), topic);
            }
        }
        List<CompletableFuture<Void>> sweeps = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            if (SnsRecords.isDeletionKey(e.getKey())) {
                Topic topic = byId.get(SnsRecords.topicIdOf(e.getKey()));
                if (topic == null) {
                    sweeps.add(engine.deleteRecord(SnsRecords.NAMESPACE, e.getKey()));
                } else {
                    topic.addDeletion(SnsRecords.decodeDeletion(e.getKey(), e.getValue()));
                }
                continue;
            }
            if (!SnsRecords.isSubscriptionKey(e.getKey())) {
                continue;
            }
            SubscriptionRecord record = SnsRecords.decodeSubscription(e.getValue());
            Topic topic = byId.get(record.topicId());
            if (topic == null) {
                sweeps.add(engine.deleteRecord(SnsRecords.NAMESPACE, e.getKey()));
                continue;
            }
            if (record.createdAt() == 0) {
                record = record.createdAt(clock.millis());
            }
            topic.put(recovered(record));
            registry.indexSubscription(record.arn(), topic);
        }
        recoverDeduplication(records, byId, sweeps);
        CompletableFuture.allOf(sweeps.toArray(CompletableFuture[]::new)).join();
        mobile.recover(records);
        retries.recover(records);
    }

    /** Restores each FIFO topic's deduplication window; drops expired keys and those of deleted topics. */
    private void recoverDeduplication(SortedMap<String, byte[]> records, Map<Long, Topic> byId,
                                      List<CompletableFuture<Void>> sweeps) {
        long now = clock.millis();
        Map<Long, Map<String, FifoState.Accepted>> keys = new HashMap<>();
        Map<Long, Map<String, Long>> expiries = new HashMap<>();
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            if (!SnsRecords.isDedupKey(e.getKey())) {
                continue;
            }
            long topicId = SnsRecords.topicIdOf(e.getKey());
            Topic topic = byId.get(topicId);
            long expiresAt = SnsRecords.dedupExpiry(e.getValue());
            if (topic == null || topic.fifo() == null || expiresAt <= now) {
                sweeps.add(engine.deleteRecord(SnsRecords.NAMESPACE, e.getKey()));
                continue;
            }
            String hashed = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            keys.computeIfAbsent(topicId, id -> new HashMap<>()).put(hashed, SnsRecords.decodeDedup(e.getValue()));
            expiries.computeIfAbsent(topicId, id -> new HashMap<>()).put(hashed, expiresAt);
        }
        keys.forEach((topicId, live) -> byId.get(topicId).fifo().restore(live, expiries.get(topicId), now));
    }

    private static Subscription recovered(SubscriptionRecord record) {
        try {
            return Subscription.of(record);
        } catch (SnsException e) {
            LOG.log(System.Logger.Level.WARNING, "the filter policy of " + record.arn() + " no longer parses ("
                    + e.getMessage() + "); it delivers every message until the policy is set again");
            return new Subscription(record, null);
        }
    }

    private Topic newTopic(TopicRecord record) {
        return new Topic(record, lanes.laneFor(record.id()), record.fifo() ? new FifoState() : null);
    }

    /** The outbox SMS and push notifications go to, or null when a custom {@link MobileSender} takes them. */
    public SnsOutbox outbox() {
        return outbox;
    }

    @Override
    public String outboxJson() {
        return outbox == null ? "[]" : outbox.toJson();
    }

    /** Stops outbound deliveries (HTTP requests in flight are abandoned). */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public CompletableFuture<SnsResult> execute(SnsContext context, SnsRequest request) {
        try {
            return dispatch(context, request);
        } catch (SnsException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<SnsResult> dispatch(SnsContext ctx, SnsRequest request) {
        return switch (request) {
            case SnsRequest.CreateTopic r -> createTopic(ctx, r);
            case SnsRequest.DeleteTopic r -> deleteTopic(ctx, r);
            case SnsRequest.ListTopics r -> listTopics(ctx, r);
            case SnsRequest.GetTopicAttributes r -> getTopicAttributes(ctx, r);
            case SnsRequest.SetTopicAttributes r -> {
                Topic topic = topic(ctx, r.topicArn(), "TopicArn", "SetTopicAttributes");
                yield updateTopic(topic, rec -> rec.withAttributes(
                        TopicAttributes.updated(rec.attributes(), r.attributeName(), r.attributeValue(), rec.fifo())));
            }
            case SnsRequest.AddPermission r -> {
                Topic topic = topic(ctx, r.topicArn(), "TopicArn", "AddPermission");
                yield updateTopic(topic, rec -> withPolicy(rec, TopicPolicies.add(rec.attributes().get(TopicAttributes.POLICY),
                        topic.arn(), rec.account(), r.label(), r.awsAccountIds(), r.actionNames())));
            }
            case SnsRequest.RemovePermission r -> {
                Topic topic = topic(ctx, r.topicArn(), "TopicArn", "RemovePermission");
                yield updateTopic(topic, rec -> withPolicy(rec, TopicPolicies.remove(
                        rec.attributes().get(TopicAttributes.POLICY), topic.arn(), rec.account(), r.label())));
            }
            case SnsRequest.GetDataProtectionPolicy r -> {
                Topic topic = topic(ctx, r.resourceArn(), "ResourceArn", "GetDataProtectionPolicy");
                String policy = topic.record().dataProtectionPolicy();
                yield done(new SnsResult.DataProtectionPolicy(policy == null ? "" : policy));
            }
            case SnsRequest.PutDataProtectionPolicy r -> {
                Topic topic = topic(ctx, r.resourceArn(), "ResourceArn", "PutDataProtectionPolicy");
                checkDataProtectionPolicy(r.dataProtectionPolicy());
                yield updateTopic(topic, rec -> rec.withDataProtectionPolicy(r.dataProtectionPolicy()));
            }
            case SnsRequest.TagResource r -> tagResource(ctx, r);
            case SnsRequest.UntagResource r -> {
                Topic topic = taggable(ctx, r.resourceArn());
                yield updateTopic(topic, rec -> {
                    Map<String, String> tags = new LinkedHashMap<>(rec.tags());
                    r.tagKeys().forEach(tags::remove);
                    return rec.withTags(tags);
                });
            }
            case SnsRequest.ListTagsForResource r -> {
                List<Tag> tags = new ArrayList<>();
                taggable(ctx, r.resourceArn()).record().tags().forEach((k, v) -> tags.add(new Tag(k, v)));
                yield done(new SnsResult.Tags(tags));
            }
            case SnsRequest.Subscribe r -> subscriptions.subscribe(ctx, r);
            case SnsRequest.ConfirmSubscription r -> subscriptions.confirm(ctx, r);
            case SnsRequest.Unsubscribe r -> subscriptions.unsubscribe(ctx, r);
            case SnsRequest.ListSubscriptions r -> done(subscriptions.list(ctx, r));
            case SnsRequest.ListSubscriptionsByTopic r -> done(subscriptions.listByTopic(ctx, r));
            case SnsRequest.GetSubscriptionAttributes r -> done(subscriptions.attributes(ctx, r));
            case SnsRequest.SetSubscriptionAttributes r -> subscriptions.setAttributes(ctx, r);
            case SnsRequest.Publish r -> publisher.publish(ctx, r);
            case SnsRequest.PublishBatch r -> publisher.publishBatch(ctx, r);
            default -> mobile.execute(ctx, request);
        };
    }

    static CompletableFuture<SnsResult> done(SnsResult result) {
        return CompletableFuture.completedFuture(result);
    }

    /**
     * The live topic an ARN names, after the caller's authorization for {@code action}.
     *
     * @throws SnsException InvalidParameter (bad ARN), NotFound, AuthorizationError
     */
    private Topic topic(SnsContext ctx, String arnText, String member, String action) {
        Topic topic = publisher.requireTopic(ctx, arnText, member);
        TopicPolicies.authorize(topic.record(), ctx.scope().account(), action);
        return topic;
    }

    private static TopicRecord withPolicy(TopicRecord rec, String policy) {
        Map<String, String> attributes = new HashMap<>(rec.attributes());
        attributes.put(TopicAttributes.POLICY, policy);
        return rec.withAttributes(attributes);
    }

    /** Applies a change to a topic's record durably, serialised with the topic's other changes. */
    private CompletableFuture<SnsResult> updateTopic(Topic topic, UnaryOperator<TopicRecord> change) {
        return topic.onLane(() -> {
            TopicRecord updated = change.apply(topic.record());
            topic.update(updated);
            return engine.putRecord(SnsRecords.NAMESPACE, SnsRecords.topicKey(updated.id()), SnsRecords.encode(updated));
        }).thenApply(v -> new SnsResult.Empty());
    }

    private CompletableFuture<SnsResult> createTopic(SnsContext ctx, SnsRequest.CreateTopic r) {
        String name = r.name();
        boolean fifo = TopicAttributes.wantsFifo(r.attributes());
        TopicAttributes.checkName(name, fifo);
        Map<String, String> tags = checkTags(r.tags(), Map.of());
        if (r.dataProtectionPolicy() != null && !r.dataProtectionPolicy().isEmpty()) {
            checkDataProtectionPolicy(r.dataProtectionPolicy());
        }
        Arn arn = Arn.of("sns", ctx.scope().region(), ctx.scope().account(), name);
        Topic topic;
        CompletableFuture<Void> durable;
        synchronized (registry) {
            Topic existing = registry.find(arn.toString());
            if (existing != null) {
                if (!TopicAttributes.sameAsStored(existing.record().attributes(), r.attributes())) {
                    throw SnsException.invalidParameter("Attributes Reason: Topic already exists with different attributes");
                }
                for (Tag t : r.tags()) {
                    if (!String.valueOf(t.value()).equals(existing.record().tags().get(t.key()))) {
                        throw SnsException.invalidParameter("Tags Reason: Topic already exists with different tags");
                    }
                }
                return done(new SnsResult.TopicArn(arn.toString()));
            }
            Map<String, String> attributes = TopicAttributes.forNewTopic(r.attributes(), fifo);
            String dataProtection = r.dataProtectionPolicy() == null || r.dataProtectionPolicy().isEmpty()
                    ? null : r.dataProtectionPolicy();
            TopicRecord record = new TopicRecord(registry.nextId(), ctx.scope().account(), ctx.scope().region(), name,
                    attributes, tags, dataProtection, clock.millis());
            topic = newTopic(record);
            // queued on the lane before the topic can be found, so no later change is written before it
            durable = CompletableFuture.supplyAsync(() -> engine.putRecord(SnsRecords.NAMESPACE,
                    SnsRecords.topicKey(record.id()), SnsRecords.encode(record)), topic.lane()).thenCompose(f -> f);
            registry.add(topic);
        }
        Topic created = topic;
        return durable.thenApplyAsync(v -> new SnsResult.TopicArn(created.arn()), created.lane());
    }

    private CompletableFuture<SnsResult> deleteTopic(SnsContext ctx, SnsRequest.DeleteTopic r) {
        Arn arn = SnsArns.topic(r.topicArn(), "TopicArn", ctx.scope().region());
        Topic topic = registry.find(arn.toString());
        if (topic == null) {
            return done(new SnsResult.Empty());
        }
        TopicPolicies.authorize(topic.record(), ctx.scope().account(), "DeleteTopic");
        synchronized (registry) {
            if (topic.deleted()) {
                return done(new SnsResult.Empty());
            }
            topic.markDeleted();
            registry.remove(topic);
        }
        // on the lane, after every change queued before the delete, so none of them outlives it
        return CompletableFuture.supplyAsync(() -> engine.deleteRecords(SnsRecords.NAMESPACE,
                        SnsRecords.topicKey(topic.id())), topic.lane())
                .thenCompose(f -> f).thenApply(v -> new SnsResult.Empty());
    }

    private CompletableFuture<SnsResult> listTopics(SnsContext ctx, SnsRequest.ListTopics r) {
        List<String> arns = registry.list(ctx.scope().account(), ctx.scope().region()).stream().map(Topic::arn).toList();
        Paging.Page<String> page = Paging.page(arns, a -> a, r.nextToken());
        return done(new SnsResult.Topics(page.items(), page.nextToken()));
    }

    private CompletableFuture<SnsResult> getTopicAttributes(SnsContext ctx, SnsRequest.GetTopicAttributes r) {
        Topic topic = topic(ctx, r.topicArn(), "TopicArn", "GetTopicAttributes");
        int confirmed = 0;
        int pending = 0;
        for (Subscription s : topic.subscriptions()) {
            if (s.record().pending()) {
                pending++;
            } else {
                confirmed++;
            }
        }
        long countedSince = clock.millis() - SubscriptionDeletion.COUNTED_MILLIS;
        int deleted = (int) topic.deletions().stream().filter(d -> d.deletedAt() > countedSince).count();
        return done(new SnsResult.Attributes(TopicAttributes.view(topic.record(), confirmed, pending, deleted)));
    }

    /** The topic a tagging call names: a bad ARN is InvalidParameter, an unknown one ResourceNotFound. */
    private Topic taggable(SnsContext ctx, String resourceArn) {
        Arn arn = SnsArns.topic(resourceArn, "ResourceArn", ctx.scope().region());
        Topic topic = registry.find(arn.toString());
        if (topic == null) {
            throw SnsError.RESOURCE_NOT_FOUND.error("Resource does not exist");
        }
        TopicPolicies.authorize(topic.record(), ctx.scope().account(), "ListTagsForResource");
        return topic;
    }

    private CompletableFuture<SnsResult> tagResource(SnsContext ctx, SnsRequest.TagResource r) {
        Topic topic = taggable(ctx, r.resourceArn());
        return updateTopic(topic, rec -> rec.withTags(checkTags(r.tags(), rec.tags())));
    }

    /** The tags after adding {@code added} to {@code existing}, checked as AWS checks them. */
    private static Map<String, String> checkTags(List<Tag> added, Map<String, String> existing) {
        Map<String, String> merged = new LinkedHashMap<>(existing);
        for (Tag t : added) {
            String key = t.key();
            if (key == null || key.isEmpty() || key.length() > 128) {
                throw SnsException.invalidParameter("Tags Reason: Tag keys must be between 1 and 128 characters in length.");
            }
            String value = t.value() == null ? "" : t.value();
            if (value.length() > 256) {
                throw SnsException.invalidParameter("Tags Reason: Tag values must be between 0 and 256 characters in length.");
            }
            merged.put(key, value);
        }
        if (merged.size() > MAX_TAGS) {
            throw SnsError.TAG_LIMIT_EXCEEDED.error("Could not complete request: tag quota of per resource exceeded");
        }
        return merged;
    }

    private static void checkDataProtectionPolicy(String policy) {
        TopicAttributes.requireJsonObject(policy, "DataProtectionPolicy Reason: The policy is not valid JSON");
    }

    /** Unwraps the cause of a failed stage. */
    static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
