package sluice.core.sqs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import sluice.api.sqs.SqsApi;
import sluice.api.sqs.SqsContext;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;
import sluice.api.sqs.SqsResult;
import sluice.common.Arn;
import sluice.common.Clock;
import sluice.common.Randomness;
import sluice.core.Lanes;
import sluice.core.delivery.DeliverySource;
import sluice.core.delivery.QueueDelivery;
import sluice.core.storage.MessageCounts;
import sluice.core.storage.MessageIndex;
import sluice.core.storage.MessageStore;
import sluice.core.storage.QueueRecord;
import sluice.core.storage.StorageEngine;

/**
 * The SQS service: queue management here, message operations in {@link SqsMessaging}. Requests
 * resolve their queue on the calling thread (lock-free), then hop onto the queue's lane; writes
 * answer only once the engine says they are durable.
 */
public final class SqsService implements SqsApi, QueueDelivery {
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Pattern FIFO_QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,75}\\.fifo");
    private static final int MAX_TAGS = 50;

    private final StorageEngine engine;
    private final Lanes lanes;
    private final Clock clock;
    private final Randomness randomness;
    private final ReceiptHandles receipts;
    private final QueueRegistry registry = new QueueRegistry();
    private final SqsMessaging messaging;
    private final MessageMoveTasks moveTasks;

    public SqsService(StorageEngine engine, Lanes lanes, Clock clock, Randomness randomness, byte[] receiptKey) {
        this.engine = engine;
        this.lanes = lanes;
        this.clock = clock;
        this.randomness = randomness;
        this.receipts = new ReceiptHandles(receiptKey);
        this.messaging = new SqsMessaging(receipts, clock, randomness);
        this.moveTasks = new MessageMoveTasks(registry, clock, randomness, lanes.timer());
        recover();
        lanes.timer().scheduleWithFixedDelay(this::sweepRetention, 1, 1, TimeUnit.SECONDS);
    }

    /** Rebuilds every queue and its message index from the engine. */
    private void recover() {
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        for (QueueRecord record : engine.queues()) {
            SqsQueue queue = newQueue(record);
            registry.add(queue);
            opened.add(CompletableFuture.runAsync(() -> queue.openOnLane(openStore(record)), queue.lane()));
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();
        opened.clear();
        for (SqsQueue queue : registry.all()) {
            opened.add(CompletableFuture.runAsync(() -> moveTasks.recoverOnLane(queue), queue.lane()));
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();
    }

    private MessageStore openStore(QueueRecord record) {
        MessageIndex.Ordering ordering = QueueAttributes.isFifo(record.attributes())
                ? MessageIndex.Ordering.FIFO : MessageIndex.Ordering.STANDARD;
        return engine.openMessages(record.id(), ordering, clock.millis());
    }

    private SqsQueue newQueue(QueueRecord record) {
        return new SqsQueue(record, lanes.laneFor(record.id()), lanes.timer(), clock, receipts, registry::find);
    }

    private void sweepRetention() {
        for (SqsQueue queue : registry.all()) {
            queue.lane().execute(queue::expireOnLane);
        }
    }

    @Override
    public CompletableFuture<SqsResult> execute(SqsContext context, SqsRequest request) {
        try {
            return dispatch(context, request);
        } catch (SqsException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<SqsResult> dispatch(SqsContext ctx, SqsRequest request) {
        return switch (request) {
            case SqsRequest.CreateQueue r -> createQueue(ctx, r);
            case SqsRequest.GetQueueUrl r -> getQueueUrl(ctx, r);
            case SqsRequest.ListQueues r -> listQueues(ctx, r);
            case SqsRequest.DeleteQueue r -> deleteQueue(ctx, r);
            case SqsRequest.GetQueueAttributes r -> getAttributes(ctx, r);
            case SqsRequest.SetQueueAttributes r -> setAttributes(ctx, r);
            case SqsRequest.SendMessage r -> messaging.send(ctx, queue(ctx, r.queueUrl()), r);
            case SqsRequest.SendMessageBatch r -> messaging.sendBatch(ctx, queue(ctx, r.queueUrl()), r);
            case SqsRequest.ReceiveMessage r -> messaging.receive(queue(ctx, r.queueUrl()), r);
            case SqsRequest.DeleteMessage r -> messaging.delete(queue(ctx, r.queueUrl()), r);
            case SqsRequest.DeleteMessageBatch r -> messaging.deleteBatch(queue(ctx, r.queueUrl()), r);
            case SqsRequest.ChangeMessageVisibility r -> messaging.changeVisibility(queue(ctx, r.queueUrl()), r);
            case SqsRequest.ChangeMessageVisibilityBatch r -> messaging.changeVisibilityBatch(queue(ctx, r.queueUrl()), r);
            case SqsRequest.PurgeQueue r -> {
                SqsQueue q = queue(ctx, r.queueUrl());
                yield q.onLane(q::purgeOnLane).thenApply(v -> new SqsResult.Empty());
            }
            case SqsRequest.TagQueue r -> tagQueue(ctx, r);
            case SqsRequest.UntagQueue r -> untagQueue(ctx, r);
            case SqsRequest.ListQueueTags r -> done(new SqsResult.Tags(queue(ctx, r.queueUrl()).record().tags()));
            case SqsRequest.AddPermission r -> addPermission(ctx, r);
            case SqsRequest.RemovePermission r -> removePermission(ctx, r);
            case SqsRequest.ListDeadLetterSourceQueues r -> listDeadLetterSources(ctx, r);
            case SqsRequest.StartMessageMoveTask r -> moveTasks.start(r);
            case SqsRequest.CancelMessageMoveTask r -> moveTasks.cancel(r);
            case SqsRequest.ListMessageMoveTasks r -> done(moveTasks.list(r));
        };
    }

    @Override
    public CompletableFuture<String> deliver(Arn queueArn, SqsRequest.SendEntry message) {
        try {
            SqsQueue queue = registry.find(queueArn);
            if (queue == null || queue.deleted()) {
                throw SqsException.queueDoesNotExist();
            }
            SqsContext owner = new SqsContext(new sluice.common.Scope(queueArn.account(), queueArn.region()), "");
            return messaging.send(owner, queue, new SqsRequest.SendMessage(null, message))
                    .thenApply(result -> ((SqsResult.SendMessage) result).messageId());
        } catch (SqsException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A delivery by an AWS service (SNS fan-out): only when the queue's Policy allows the source to send. */
    @Override
    public CompletableFuture<String> deliver(Arn queueArn, SqsRequest.SendEntry message, DeliverySource source) {
        SqsQueue queue = registry.find(queueArn);
        if (queue != null && !queue.deleted()
                && !QueuePolicies.allowsSend(queue.record().attributes().get(QueueAttributes.POLICY), queue.arn(), source)) {
            return CompletableFuture.failedFuture(SqsError.ACCESS_DENIED.error("Access to the resource " + queueArn
                    + " is denied: its Policy does not allow " + source.sourceArn() + " to sqs:SendMessage."));
        }
        return deliver(queueArn, message);
    }

    private static CompletableFuture<SqsResult> done(SqsResult result) {
        return CompletableFuture.completedFuture(result);
    }

    /** Resolves a queue URL in the caller's region. */
    private SqsQueue queue(SqsContext ctx, String queueUrl) {
        if (queueUrl == null || queueUrl.isEmpty()) {
            throw SqsException.missingParameter("QueueUrl");
        }
        QueueUrls.QueueAddress address = QueueUrls.parse(queueUrl);
        if (address == null) {
            throw SqsError.INVALID_ADDRESS.error("The address " + queueUrl + " is not valid for this endpoint.");
        }
        return registry.require(address.account(), ctx.scope().region(), address.name());
    }

    private String urlOf(SqsContext ctx, SqsQueue queue) {
        return QueueUrls.build(ctx.baseUrl(), queue.record().account(), queue.record().name());
    }

    private QueueAttributes.DeadLetterTarget deadLetterTarget(Arn arn) {
        SqsQueue q = registry.find(arn);
        if (q == null || q.deleted()) {
            return null;
        }
        return new QueueAttributes.DeadLetterTarget(q.settings().fifo(), q.record().attributes().get(QueueAttributes.REDRIVE_ALLOW));
    }

    private CompletableFuture<SqsResult> createQueue(SqsContext ctx, SqsRequest.CreateQueue r) {
        String name = r.queueName();
        if (name == null || name.isEmpty()) {
            throw SqsException.missingParameter("QueueName");
        }
        boolean fifo = "true".equalsIgnoreCase(r.attributes().get(QueueAttributes.FIFO));
        if (fifo && !FIFO_QUEUE_NAME.matcher(name).matches()) {
            throw SqsException.invalidParameter("The name of a FIFO queue can only include alphanumeric characters, hyphens, "
                    + "or underscores, must end with .fifo suffix and be 1 to 80 in length.");
        }
        if (!fifo && !QUEUE_NAME.matcher(name).matches()) {
            throw SqsException.invalidParameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        checkTags(r.tags(), Map.of(), name);
        String account = ctx.scope().account();
        String region = ctx.scope().region();
        long now = clock.millis();
        SqsQueue queue;
        synchronized (registry) {
            SqsQueue existing = registry.find(account, region, name);
            if (existing != null && !existing.deleted()) {
                String differs = QueueAttributes.firstDifference(existing.record().attributes(), r.attributes(), existing.arn(),
                        this::deadLetterTarget);
                if (differs != null) {
                    throw SqsError.QUEUE_NAME_EXISTS.error("A queue already exists with the same name and a different value for attribute " + differs);
                }
                return done(new SqsResult.QueueUrl(urlOf(ctx, existing)));
            }
            if (registry.recentlyDeleted(account, region, name, now)) {
                throw SqsError.QUEUE_DELETED_RECENTLY.error(
                        "You must wait 60 seconds after deleting a queue before you can create another queue with the same name.");
            }
            Map<String, String> attributes = QueueAttributes.forNewQueue(r.attributes(), QueueUrls.arn(region, account, name),
                    fifo, this::deadLetterTarget);
            QueueRecord record = new QueueRecord(registry.nextId(randomness), account, region, name, attributes, r.tags(), now, now);
            queue = newQueue(record);
            SqsQueue opening = queue;
            // opened on its lane before anyone can find it, so every later request sees the store
            queue.lane().execute(() -> opening.openOnLane(openStore(opening.record())));
            registry.add(queue);
        }
        SqsQueue created = queue;
        return engine.putQueue(created.record())
                .thenApplyAsync(v -> new SqsResult.QueueUrl(urlOf(ctx, created)), created.lane());
    }

    private CompletableFuture<SqsResult> getQueueUrl(SqsContext ctx, SqsRequest.GetQueueUrl r) {
        if (r.queueName() == null || r.queueName().isEmpty()) {
            throw SqsException.missingParameter("QueueName");
        }
        String account = r.queueOwnerAwsAccountId() == null || r.queueOwnerAwsAccountId().isEmpty()
                ? ctx.scope().account() : r.queueOwnerAwsAccountId();
        SqsQueue queue = registry.require(account, ctx.scope().region(), r.queueName());
        return done(new SqsResult.QueueUrl(urlOf(ctx, queue)));
    }

    private CompletableFuture<SqsResult> listQueues(SqsContext ctx, SqsRequest.ListQueues r) {
        List<String> names = new ArrayList<>();
        for (SqsQueue q : registry.list(ctx.scope().account(), ctx.scope().region())) {
            if (r.queueNamePrefix() == null || q.record().name().startsWith(r.queueNamePrefix())) {
                names.add(q.record().name());
            }
        }
        Page page = Page.of(names, r.maxResults(), r.nextToken());
        List<String> urls = new ArrayList<>();
        page.items().forEach(n -> urls.add(QueueUrls.build(ctx.baseUrl(), ctx.scope().account(), n)));
        return done(new SqsResult.QueueUrls(urls, page.nextToken()));
    }

    private CompletableFuture<SqsResult> deleteQueue(SqsContext ctx, SqsRequest.DeleteQueue r) {
        SqsQueue queue = queue(ctx, r.queueUrl());
        synchronized (registry) {
            if (queue.deleted()) {
                throw SqsException.queueDoesNotExist();
            }
            queue.markDeleted();
            registry.remove(queue, clock.millis());
        }
        queue.lane().execute(queue::releaseWaitersOnLane);
        return engine.deleteQueue(queue.id()).thenApply(v -> new SqsResult.Empty());
    }

    private CompletableFuture<SqsResult> getAttributes(SqsContext ctx, SqsRequest.GetQueueAttributes r) {
        SqsQueue queue = queue(ctx, r.queueUrl());
        List<String> names = r.attributeNames();
        for (String n : names) {
            if (!n.equals("All") && !QueueAttributes.READ_ONLY.contains(n) && !knownSettable(n)) {
                throw SqsError.INVALID_ATTRIBUTE_NAME.error("Unknown Attribute " + n + ".");
            }
        }
        boolean all = names.contains("All");
        boolean needCounts = all || names.stream().anyMatch(n -> n.startsWith("ApproximateNumberOfMessages"));
        CompletableFuture<MessageCounts> counts = needCounts
                ? queue.onLane(() -> CompletableFuture.completedFuture(queue.countsOnLane()))
                : CompletableFuture.completedFuture(null);
        return counts.thenApply(c -> new SqsResult.Attributes(attributeView(queue, c, all, names)));
    }

    private static boolean knownSettable(String name) {
        return switch (name) {
            case QueueAttributes.DELAY, QueueAttributes.MAX_SIZE, QueueAttributes.RETENTION, QueueAttributes.POLICY,
                 QueueAttributes.WAIT, QueueAttributes.REDRIVE, QueueAttributes.REDRIVE_ALLOW, QueueAttributes.VISIBILITY,
                 QueueAttributes.KMS_KEY, QueueAttributes.KMS_REUSE, QueueAttributes.SQS_SSE, QueueAttributes.FIFO -> true;
            default -> QueueAttributes.FIFO_ONLY.contains(name);
        };
    }

    private static Map<String, String> attributeView(SqsQueue queue, MessageCounts counts, boolean all, List<String> names) {
        QueueRecord rec = queue.record();
        Map<String, String> view = new LinkedHashMap<>();
        view.put("QueueArn", queue.arn().toString());
        if (counts != null) {
            view.put("ApproximateNumberOfMessages", Long.toString(counts.visible()));
            view.put("ApproximateNumberOfMessagesNotVisible", Long.toString(counts.inFlight()));
            view.put("ApproximateNumberOfMessagesDelayed", Long.toString(counts.delayed()));
        }
        view.put("CreatedTimestamp", Long.toString(rec.createdMillis() / 1000));
        view.put("LastModifiedTimestamp", Long.toString(rec.lastModifiedMillis() / 1000));
        for (String n : List.of(QueueAttributes.VISIBILITY, QueueAttributes.MAX_SIZE, QueueAttributes.RETENTION,
                QueueAttributes.DELAY, QueueAttributes.WAIT, QueueAttributes.POLICY, QueueAttributes.REDRIVE,
                QueueAttributes.REDRIVE_ALLOW, QueueAttributes.KMS_KEY, QueueAttributes.KMS_REUSE, QueueAttributes.SQS_SSE,
                QueueAttributes.FIFO, QueueAttributes.CONTENT_DEDUP, QueueAttributes.DEDUP_SCOPE, QueueAttributes.THROUGHPUT)) {
            String v = rec.attributes().get(n);
            if (v != null) {
                view.put(n, v);
            }
        }
        if (!all) {
            view.keySet().retainAll(names);
        }
        return view;
    }

    private CompletableFuture<SqsResult> setAttributes(SqsContext ctx, SqsRequest.SetQueueAttributes r) {
        SqsQueue queue = queue(ctx, r.queueUrl());
        if (r.attributes().isEmpty()) {
            throw SqsException.missingParameter("Attributes");
        }
        for (String n : r.attributes().keySet()) {
            if (QueueAttributes.READ_ONLY.contains(n)) {
                throw SqsError.INVALID_ATTRIBUTE_NAME.error("Unknown Attribute " + n + ".");
            }
        }
        return updateRecord(queue, rec -> rec.withAttributes(
                QueueAttributes.updated(rec.attributes(), r.attributes(), queue.arn(), this::deadLetterTarget), clock.millis()));
    }

    /** Applies a change to a queue's record durably, serialised with other changes to that queue. */
    private CompletableFuture<SqsResult> updateRecord(SqsQueue queue, java.util.function.UnaryOperator<QueueRecord> change) {
        return queue.onLane(() -> {
            QueueRecord updated = change.apply(queue.record());
            queue.update(updated);
            return engine.putQueue(updated);
        }).thenApply(v -> new SqsResult.Empty());
    }

    private CompletableFuture<SqsResult> tagQueue(SqsContext ctx, SqsRequest.TagQueue r) {
        SqsQueue queue = queue(ctx, r.queueUrl());
        if (r.tags().isEmpty()) {
            throw SqsException.missingParameter("Tags");
        }
        return updateRecord(queue, rec -> {
            checkTags(r.tags(), rec.tags(), rec.name());
            Map<String, String> tags = new HashMap<>(rec.tags());
            tags.putAll(r.tags());
            return rec.withTags(tags);
        });
    }

    private CompletableFuture<SqsResult> untagQueue(SqsContext ctx, SqsRequest.UntagQueue r) {
        SqsQueue queue = queue(ctx, r.queueUrl());
        if (r.tagKeys().isEmpty()) {
            throw SqsException.missingParameter("TagKeys");
        }
        return updateRecord(queue, rec -> {
            Map<String, String> tags = new HashMap<>(rec.tags());
            r.tagKeys().forEach(tags::remove);
            return rec.withTags(tags);
        });
    }

    private static void checkTags(Map<String, String> added, Map<String, String> existing, String queueName) {
        for (Map.Entry<String, String> e : added.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isEmpty() || key.length() > 128 || key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw SqsException.invalidParameter("Tag keys must be between 1 and 128 characters in length and may not begin with 'aws:'.");
            }
            if (e.getValue() == null || e.getValue().length() > 256) {
                throw SqsException.invalidParameter("Tag values must be between 0 and 256 characters in length.");
            }
        }
        Map<String, String> merged = new HashMap<>(existing);
        merged.putAll(added);
        if (merged.size() > MAX_TAGS) {
            throw SqsException.invalidParameter("Too many tags added for queue " + queueName + ".");
        }
    }

    private CompletableFuture<SqsResult> addPermission(SqsContext ctx, SqsRequest.AddPermission r) {
        SqsQueue queue = queue(ctx, r.queueUrl());
        return updateRecord(queue, rec -> {
            String policy = QueuePolicies.add(rec.attributes().get(QueueAttributes.POLICY), queue.arn(), r.label(),
                    r.awsAccountIds(), r.actions());
            Map<String, String> attributes = new HashMap<>(rec.attributes());
            attributes.put(QueueAttributes.POLICY, policy);
            return rec.withAttributes(attributes, clock.millis());
        });
    }

    private CompletableFuture<SqsResult> removePermission(SqsContext ctx, SqsRequest.RemovePermission r) {
        SqsQueue queue = queue(ctx, r.queueUrl());
        if (r.label() == null || r.label().isEmpty()) {
            throw SqsException.missingParameter("Label");
        }
        return updateRecord(queue, rec -> {
            String policy = QueuePolicies.remove(rec.attributes().get(QueueAttributes.POLICY), queue.arn(), r.label());
            Map<String, String> attributes = new HashMap<>(rec.attributes());
            if (policy == null) {
                attributes.remove(QueueAttributes.POLICY);
            } else {
                attributes.put(QueueAttributes.POLICY, policy);
            }
            return rec.withAttributes(attributes, clock.millis());
        });
    }

    private CompletableFuture<SqsResult> listDeadLetterSources(SqsContext ctx, SqsRequest.ListDeadLetterSourceQueues r) {
        SqsQueue target = queue(ctx, r.queueUrl());
        List<String> names = new ArrayList<>();
        for (SqsQueue q : registry.list(ctx.scope().account(), ctx.scope().region())) {
            if (target.arn().equals(q.settings().deadLetterTarget())) {
                names.add(q.record().name());
            }
        }
        Page page = Page.of(names, r.maxResults(), r.nextToken());
        List<String> urls = new ArrayList<>();
        page.items().forEach(n -> urls.add(QueueUrls.build(ctx.baseUrl(), ctx.scope().account(), n)));
        return done(new SqsResult.QueueUrls(urls, page.nextToken()));
    }

    /** Unwraps the cause of a failed stage. */
    static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** One page of names, with the opaque token for the next page. */
    record Page(List<String> items, String nextToken) {
        static Page of(List<String> sorted, Integer maxResults, String token) {
            if (maxResults != null && (maxResults < 1 || maxResults > 1000)) {
                throw SqsException.invalidParameter("Value " + maxResults
                        + " for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.");
            }
            int start = 0;
            if (token != null && !token.isEmpty()) {
                String after;
                try {
                    after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw SqsException.invalidParameter("Invalid NextToken value.");
                }
                while (start < sorted.size() && sorted.get(start).compareTo(after) <= 0) {
                    start++;
                }
            }
            int limit = maxResults == null ? 1000 : maxResults;
            int end = Math.min(sorted.size(), start + limit);
            String next = maxResults != null && end < sorted.size()
                    ? Base64.getUrlEncoder().withoutPadding().encodeToString(sorted.get(end - 1).getBytes(StandardCharsets.UTF_8))
                    : null;
            return new Page(sorted.subList(start, end), next);
        }
    }
}
