package sluice.core.sqs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import sluice.api.sqs.MessageAttributeValue;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsResult;
import sluice.api.sqs.SqsResult.ReceivedMessage;
import sluice.common.Arn;
import sluice.common.Clock;
import sluice.core.storage.ClaimedMessage;
import sluice.core.storage.MessageCounts;
import sluice.core.storage.MessageStore;
import sluice.core.storage.NewMessage;
import sluice.core.storage.QueueRecord;
import sluice.core.storage.Written;

/**
 * One queue, owned by one lane. Every method whose name ends in {@code OnLane} runs only on that
 * lane, which is what keeps the message store, the waiter list and the purge clock free of locks.
 * The queue's record and settings are published through volatile fields so other threads can read
 * attributes without hopping.
 *
 * <p>Long polls park here as {@link Waiter}s: a send, a visibility change or the timer for the next
 * message to become visible serves them in arrival order; their own deadline empties them. No
 * thread waits for a message.
 *
 * <p>With a redrive policy, a receive that would hand out a message for more than maxReceiveCount
 * times moves it to the dead-letter queue instead (durably there before it is deleted here).
 */
final class SqsQueue {
    static final long IN_FLIGHT_LIMIT = 120_000;
    /** AWS: a message stays invisible at most 12 hours from the receive, however often it is extended. */
    static final long MAX_VISIBILITY_MILLIS = 43_200_000L;
    /** How long a message being moved to its dead-letter queue stays hidden here at most. */
    static final long DEAD_LETTER_HOLD_MILLIS = 60_000L;

    private final Executor lane;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final ReceiptHandles receipts;
    private final Function<Arn, SqsQueue> queues;
    private final Arn arn;
    private volatile QueueRecord record;
    private volatile QueueSettings settings;
    private volatile boolean deleted;

    private MessageStore store;
    private DeduplicationWindow deduplication;
    private final Map<String, ReceiveAttempt> attempts = new java.util.HashMap<>();
    private long nextSeq;
    private long lastPurgeAt = Long.MIN_VALUE;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private ScheduledFuture<?> wakeTask;
    private long wakeAt = Long.MAX_VALUE;

    /** A FIFO receive remembered under its ReceiveRequestAttemptId, for retries. */
    private record ReceiveAttempt(CompletableFuture<SqsResult> response, long validUntil) {
    }

    /** A parked long poll. */
    private static final class Waiter {
        final ReceiveOptions options;
        final CompletableFuture<SqsResult> result;
        ScheduledFuture<?> timeout;

        Waiter(ReceiveOptions options, CompletableFuture<SqsResult> result) {
            this.options = options;
            this.result = result;
        }
    }

    SqsQueue(QueueRecord record, Executor lane, ScheduledExecutorService timer, Clock clock, ReceiptHandles receipts,
             Function<Arn, SqsQueue> queues) {
        this.record = record;
        this.settings = QueueSettings.of(record.attributes());
        this.lane = lane;
        this.timer = timer;
        this.clock = clock;
        this.receipts = receipts;
        this.queues = queues;
        this.arn = QueueUrls.arn(record.region(), record.account(), record.name());
    }

    QueueRecord record() {
        return record;
    }

    QueueSettings settings() {
        return settings;
    }

    Arn arn() {
        return arn;
    }

    long id() {
        return record.id();
    }

    boolean deleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
    }

    /** Takes new attributes; called on the lane. FIFO queues apply a changed delay retroactively, as AWS does. */
    void update(QueueRecord newRecord) {
        QueueSettings before = settings;
        this.record = newRecord;
        this.settings = QueueSettings.of(newRecord.attributes());
        if (settings.fifo() && store != null && before.delaySeconds() != settings.delaySeconds()) {
            store.redelay(settings.delaySeconds() * 1000L, clock.millis());
            serveWaitersOnLane();
            scheduleWakeOnLane();
        }
    }

    Executor lane() {
        return lane;
    }

    /** Runs a step on this queue's lane; the step's future, or its failure, completes the result. */
    <T> CompletableFuture<T> onLane(java.util.function.Supplier<CompletableFuture<T>> step) {
        return sluice.core.Lanes.run(lane, SqsException::queueDoesNotExist, () -> deleted, step);
    }

    void openOnLane(MessageStore opened) {
        this.store = opened;
        if (settings.fifo()) {
            opened.redelay(settings.delaySeconds() * 1000L, clock.millis());
        }
        this.deduplication = new DeduplicationWindow(opened);
        this.nextSeq = opened.lastSeq() + 1;
    }

    /**
     * Appends validated messages in order; completes with what each send reports once everything is
     * durable. On FIFO queues a message whose deduplication key was accepted within the window is
     * not appended again: its send reports the first message's id and sequence number.
     */
    CompletableFuture<List<Outgoing.Sent>> sendOnLane(List<Outgoing> messages) {
        long now = clock.millis();
        List<NewMessage> batch = new ArrayList<>(messages.size());
        List<Outgoing.Sent> sent = new ArrayList<>(messages.size());
        List<CompletableFuture<Void>> writes = new ArrayList<>(2);
        for (Outgoing out : messages) {
            String key = out.deduplicationKey();
            Outgoing.Sent earlier = key == null ? null : deduplication.find(key, now);
            if (earlier != null) {
                sent.add(earlier);
                continue;
            }
            long seq = nextSeq++;
            StoredMessage m = settings.fifo() ? out.message().withSequenceNumber(sequenceNumber(seq)) : out.message();
            batch.add(new NewMessage(seq, now, now + out.delaySeconds() * 1000L, m.messageGroupId(), m.encode()));
            Outgoing.Sent accepted = new Outgoing.Sent(m.messageId(), m.sequenceNumber());
            sent.add(accepted);
            if (key != null) {
                writes.add(deduplication.remember(key, accepted, now));
            }
        }
        writes.add(store.append(batch));
        serveWaitersOnLane();
        scheduleWakeOnLane();
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(v -> sent);
    }

    /** FIFO sequence numbers: 20 digits, increasing with the queue's message seq, which survives restarts. */
    static String sequenceNumber(long seq) {
        return "1" + String.format("%019d", seq);
    }

    /** Receives at once, or parks the request until a message arrives or the wait ends. */
    CompletableFuture<SqsResult> receiveOnLane(ReceiveOptions options) {
        CompletableFuture<SqsResult> result = new CompletableFuture<>();
        if (store.counts(clock.millis()).inFlight() >= IN_FLIGHT_LIMIT) {
            throw SqsError.OVER_LIMIT.error("Too many messages in flight. The maximum number of in-flight messages for a "
                    + "standard queue is " + IN_FLIGHT_LIMIT + ".");
        }
        String attemptId = settings.fifo() ? options.receiveRequestAttemptId() : null;
        if (attemptId != null) {
            ReceiveAttempt earlier = attempts.get(attemptId);
            long now = clock.millis();
            attempts.values().removeIf(a -> a.validUntil() <= now);
            if (earlier != null && earlier.validUntil() > now) {
                return earlier.response();
            }
            long validUntil = now + Math.min(DeduplicationWindow.WINDOW_MILLIS, options.visibilityTimeoutSeconds() * 1000L);
            ReceiveAttempt attempt = new ReceiveAttempt(result, validUntil);
            attempts.put(attemptId, attempt);
            result.thenAccept(r -> {
                if (r instanceof SqsResult.ReceiveMessage got && got.messages().isEmpty()) {
                    lane.execute(() -> attempts.remove(attemptId, attempt));
                }
            });
        }
        if (waiters.isEmpty() && tryServe(options, result)) {
            return result;
        }
        if (options.waitSeconds() == 0) {
            result.complete(new SqsResult.ReceiveMessage(List.of()));
            return result;
        }
        Waiter waiter = new Waiter(options, result);
        waiters.addLast(waiter);
        waiter.timeout = timer.schedule(() -> lane.execute(() -> expireWaiter(waiter)),
                options.waitSeconds(), TimeUnit.SECONDS);
        scheduleWakeOnLane();
        return result;
    }

    private void expireWaiter(Waiter waiter) {
        if (waiters.remove(waiter)) {
            waiter.result.complete(new SqsResult.ReceiveMessage(List.of()));
        }
    }

    /**
     * Claims for one request; false when nothing was visible. With a redrive policy, a message
     * received more than maxReceiveCount times goes to the dead-letter queue instead of to the
     * caller: claims are then made with a hold long enough for the move, and the messages handed
     * out get the visibility the caller asked for.
     */
    private boolean tryServe(ReceiveOptions options, CompletableFuture<SqsResult> result) {
        long now = clock.millis();
        long visibleAgainAt = now + options.visibilityTimeoutSeconds() * 1000L;
        QueueSettings current = settings;
        SqsQueue deadLetters = deadLetterQueue(current);
        long hold = deadLetters == null ? visibleAgainAt : Math.max(visibleAgainAt, now + DEAD_LETTER_HOLD_MILLIS);
        List<ClaimedMessage> handedOut = new ArrayList<>(options.maxMessages());
        List<CompletableFuture<Void>> claims = new ArrayList<>(1);
        boolean movedAny = true;
        while (movedAny && handedOut.size() < options.maxMessages()) {
            Written<List<ClaimedMessage>> claimed = store.claim(options.maxMessages() - handedOut.size(), now, hold);
            if (claimed.value().isEmpty()) {
                break;
            }
            claims.add(claimed.durable());
            movedAny = false;
            for (ClaimedMessage c : claimed.value()) {
                if (deadLetters != null && c.receiveCount() > current.maxReceiveCount()) {
                    claims.add(moveToDeadLetters(deadLetters, c));
                    movedAny = true;
                } else {
                    handedOut.add(c);
                }
            }
        }
        if (handedOut.isEmpty()) {
            return false;
        }
        List<ReceivedMessage> messages = new ArrayList<>(handedOut.size());
        for (ClaimedMessage c : handedOut) {
            if (hold != visibleAgainAt) {
                store.changeVisibility(c.seq(), c.receiveCount(), now, visibleAgainAt);
            }
            messages.add(toReceived(c, options, now));
        }
        SqsResult.ReceiveMessage response = new SqsResult.ReceiveMessage(messages);
        CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new)).whenComplete((v, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(response);
            }
        });
        return true;
    }

    /** The live queue this queue's redrive policy names, or null. */
    private SqsQueue deadLetterQueue(QueueSettings current) {
        if (current.deadLetterTarget() == null) {
            return null;
        }
        SqsQueue target = queues.apply(current.deadLetterTarget());
        return target == null || target.deleted() ? null : target;
    }

    /**
     * Moves a claimed message: appended to the dead-letter queue (same id, body, attributes and
     * sent time, as AWS keeps them) and deleted here only once that append is durable, so a crash
     * can duplicate it but never lose it. Until then it stays hidden by the claim's hold; if the
     * append fails it becomes visible here again.
     */
    private CompletableFuture<Void> moveToDeadLetters(SqsQueue deadLetters, ClaimedMessage claimed) {
        StoredMessage moved = StoredMessage.decode(claimed.payload()).withDeadLetterSource(arn.toString());
        CompletableFuture<Void> done = new CompletableFuture<>();
        deadLetters.<Void>onLane(() -> deadLetters.acceptDeadLetterOnLane(moved))
                .whenCompleteAsync((v, error) -> {
                    if (error == null && !deleted) {
                        store.delete(claimed.seq(), claimed.receiveCount()).durable().whenComplete((x, e) -> done.complete(null));
                    } else {
                        done.complete(null);
                    }
                }, lane);
        // the receive that caused the move answers once the message is in the dead-letter queue
        return done;
    }

    /** Appends a message moved here from another queue (dead-letter move or move task); visible at once. */
    CompletableFuture<Void> acceptDeadLetterOnLane(StoredMessage moved) {
        CompletableFuture<Void> durable = store.append(List.of(
                new NewMessage(nextSeq++, moved.sentAt(), clock.millis(), moved.messageGroupId(), moved.encode())));
        serveWaitersOnLane();
        scheduleWakeOnLane();
        return durable;
    }

    private void serveWaitersOnLane() {
        while (!waiters.isEmpty()) {
            Waiter head = waiters.peekFirst();
            if (!tryServe(head.options, head.result)) {
                return;
            }
            waiters.pollFirst();
            head.timeout.cancel(false);
        }
    }

    /** Arms the timer for the next message to become visible while receivers are parked. */
    private void scheduleWakeOnLane() {
        if (waiters.isEmpty()) {
            return;
        }
        long now = clock.millis();
        long next = store.nextVisibleAt(now);
        if (next == Long.MAX_VALUE || (wakeTask != null && wakeAt <= next)) {
            return;
        }
        if (wakeTask != null) {
            wakeTask.cancel(false);
        }
        wakeAt = next;
        wakeTask = timer.schedule(() -> lane.execute(() -> {
            wakeTask = null;
            wakeAt = Long.MAX_VALUE;
            serveWaitersOnLane();
            scheduleWakeOnLane();
        }), Math.max(0, next - now), TimeUnit.MILLISECONDS);
    }

    private ReceivedMessage toReceived(ClaimedMessage claimed, ReceiveOptions options, long receivedAt) {
        StoredMessage m = StoredMessage.decode(claimed.payload());
        Map<String, String> attributes = new LinkedHashMap<>();
        if (options.wantsSystemAttribute("SenderId") && m.senderId() != null) {
            attributes.put("SenderId", m.senderId());
        }
        if (options.wantsSystemAttribute("SentTimestamp")) {
            attributes.put("SentTimestamp", Long.toString(m.sentAt()));
        }
        if (options.wantsSystemAttribute("ApproximateReceiveCount")) {
            attributes.put("ApproximateReceiveCount", Integer.toString(claimed.receiveCount()));
        }
        if (options.wantsSystemAttribute("ApproximateFirstReceiveTimestamp")) {
            attributes.put("ApproximateFirstReceiveTimestamp", Long.toString(claimed.firstReceivedAt()));
        }
        MessageAttributeValue trace = m.systemAttributes().get("AWSTraceHeader");
        if (trace != null && options.wantsSystemAttribute("AWSTraceHeader")) {
            attributes.put("AWSTraceHeader", trace.stringValue());
        }
        putIfWanted(attributes, options, "MessageGroupId", m.messageGroupId());
        putIfWanted(attributes, options, "MessageDeduplicationId", m.deduplicationId());
        putIfWanted(attributes, options, "SequenceNumber", m.sequenceNumber());
        putIfWanted(attributes, options, "DeadLetterQueueSourceArn", m.deadLetterSourceArn());
        Map<String, MessageAttributeValue> returned = new LinkedHashMap<>();
        for (Map.Entry<String, MessageAttributeValue> e : m.attributes().entrySet()) {
            if (options.wantsMessageAttribute(e.getKey())) {
                returned.put(e.getKey(), e.getValue());
            }
        }
        String handle = receipts.seal(new ReceiptHandles.Receipt(id(), claimed.seq(), claimed.receiveCount(), receivedAt));
        return new ReceivedMessage(m.messageId(), handle, m.md5OfBody(), m.body(), attributes,
                MessageDigests.ofAttributes(returned), returned);
    }

    private static void putIfWanted(Map<String, String> attributes, ReceiveOptions options, String name, String value) {
        if (value != null && options.wantsSystemAttribute(name)) {
            attributes.put(name, value);
        }
    }

    CompletableFuture<Void> deleteOnLane(ReceiptHandles.Receipt receipt) {
        return store.delete(receipt.seq(), receipt.receiveCount()).durable();
    }

    MessageStore.VisibilityOutcome changeVisibilityOnLane(ReceiptHandles.Receipt receipt, int seconds) {
        long now = clock.millis();
        if (receipt.receivedAt() >= 0 && now + seconds * 1000L > receipt.receivedAt() + MAX_VISIBILITY_MILLIS) {
            throw SqsException.invalidParameter("Value " + seconds + " for parameter VisibilityTimeout is invalid. "
                    + "Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]");
        }
        MessageStore.VisibilityOutcome outcome =
                store.changeVisibility(receipt.seq(), receipt.receiveCount(), now, now + seconds * 1000L);
        if (outcome == MessageStore.VisibilityOutcome.CHANGED) {
            serveWaitersOnLane();
            scheduleWakeOnLane();
        }
        return outcome;
    }

    CompletableFuture<Void> purgeOnLane() {
        long now = clock.millis();
        if (lastPurgeAt != Long.MIN_VALUE && now - lastPurgeAt < 60_000) {
            throw SqsError.PURGE_QUEUE_IN_PROGRESS.error("Only one PurgeQueue operation on " + record.name()
                    + " is allowed every 60 seconds.");
        }
        lastPurgeAt = now;
        return store.purge();
    }

    /**
     * Claims up to {@code max} visible messages for a move task, hidden long enough for the move;
     * returns the claims (the caller deletes each once it is durable at its destination).
     */
    List<ClaimedMessage> claimForMoveOnLane(int max) {
        long now = clock.millis();
        return store.claim(max, now, now + DEAD_LETTER_HOLD_MILLIS).value();
    }

    /** Deletes a message a move task has placed durably elsewhere. */
    CompletableFuture<Void> deleteMovedOnLane(ClaimedMessage moved) {
        return store.delete(moved.seq(), moved.receiveCount()).durable();
    }

    Map<String, byte[]> recordsOnLane() {
        return store.records();
    }

    CompletableFuture<Void> putRecordOnLane(String key, byte[] value) {
        return store.putRecord(key, value);
    }

    CompletableFuture<Void> deleteRecordOnLane(String key) {
        return store.deleteRecord(key);
    }

    /** Drops messages older than the retention period and deduplication keys past their window. */
    void expireOnLane() {
        if (!deleted && store != null) {
            long now = clock.millis();
            store.expire(now - settings.retentionSeconds() * 1000L);
            deduplication.expire(now);
        }
    }

    MessageCounts countsOnLane() {
        return store.counts(clock.millis());
    }

    /** Ends every parked receive (the queue is going away). */
    void releaseWaitersOnLane() {
        Waiter w;
        while ((w = waiters.pollFirst()) != null) {
            w.timeout.cancel(false);
            w.result.complete(new SqsResult.ReceiveMessage(List.of()));
        }
        if (wakeTask != null) {
            wakeTask.cancel(false);
        }
    }
}
