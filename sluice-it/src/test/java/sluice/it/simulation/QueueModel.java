package sluice.it.simulation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import sluice.api.sqs.MessageAttributeValue;
import sluice.api.sqs.SqsResult;

/**
 * The reference model of one queue: what it must contain and in which state each message is. A
 * message is acknowledged as sent when its send returned; it leaves the model only when a delete
 * with its current receipt handle (or a purge) was acknowledged. Visibility is a single instant per
 * message ({@code visibleAt}); "in flight" means received and not yet visible again, "delayed"
 * means never received and not yet visible.
 *
 * <p>For FIFO the model also keeps the deduplication window (key, first accepted send, the id that
 * send produced) and the per-group send order, which is the order of {@link #live}.
 *
 * <p>Each {@code on...} method takes what Sluice answered, checks it against the model (throwing an
 * {@link Invariant.Violation}) and then applies it.
 */
final class QueueModel {
    static final long DEDUP_WINDOW_MILLIS = 5 * 60_000L;
    static final long MAX_VISIBILITY_MILLIS = 43_200_000L;

    /** One acknowledged message. */
    static final class Msg {
        final int label;
        final String id;
        final String body;
        final String group;
        final String sequenceNumber;
        final String attributes;
        final long sentAt;
        long visibleAt;
        int receiveCount;
        long receivedAt = -1;
        long firstReceivedAt = -1;
        String handle;

        Msg(int label, String id, String body, String group, String sequenceNumber, String attributes, long sentAt, long visibleAt) {
            this.sentAt = sentAt;
            this.label = label;
            this.id = id;
            this.body = body;
            this.group = group;
            this.sequenceNumber = sequenceNumber;
            this.attributes = attributes;
            this.visibleAt = visibleAt;
        }

        boolean inFlight(long now) {
            return receiveCount > 0 && visibleAt > now;
        }

        boolean delayed(long now) {
            return receiveCount == 0 && visibleAt > now;
        }

        @Override
        public String toString() {
            return "m" + label + (group == null ? "" : "(" + group + ")");
        }
    }

    /**
     * A receipt handle as handed out: which message, at which receive, by which incarnation of the
     * queue, and how many restarts had happened by then.
     */
    record Handle(String messageId, int receiveCount, int incarnation, int restarts) {
    }

    /** A deduplication key's first accepted send. */
    record Dedup(long acceptedAt, String messageId, String sequenceNumber, int label) {
    }

    /** Where a message that left the model went, for reports. */
    record Gone(String how, int step) {
    }

    final boolean fifo;
    /** With a redrive policy, the receive count after which a message moves to the dead-letter queue; else 0. */
    final int maxReceiveCount;
    /**
     * Messages past maxReceiveCount ("doomed") that the dead-letter queue has received but that
     * have not been identified there yet: they are still in {@link #live} (the model cannot tell
     * which of the visible doomed ones moved) and counted out of the source's totals.
     */
    private int movedUnidentified;
    private final LinkedHashMap<String, Msg> live = new LinkedHashMap<>();
    private final Map<String, Msg> everSent = new HashMap<>();
    private final Map<String, Gone> gone = new HashMap<>();
    private final Map<String, Handle> handles = new LinkedHashMap<>();
    private final List<String> handleOrder = new ArrayList<>();
    private final Map<String, Dedup> dedup = new HashMap<>();
    private String lastSequenceNumber;
    private int nextLabel = 1;
    int defaultVisibilitySeconds;
    int queueDelaySeconds;
    int step;
    /** How often each interesting situation came up, so a reader can see what a run exercised. */
    final Map<String, Integer> coverage = new TreeMap<>();
    private int restarts;
    /** How often the queue was deleted and created again. */
    private int incarnation;

    QueueModel(boolean fifo, int maxReceiveCount, int defaultVisibilitySeconds, int queueDelaySeconds) {
        this.fifo = fifo;
        this.maxReceiveCount = maxReceiveCount;
        this.defaultVisibilitySeconds = defaultVisibilitySeconds;
        this.queueDelaySeconds = queueDelaySeconds;
    }

    void count(String situation) {
        coverage.merge(situation, 1, Integer::sum);
    }

    // ------------------------------------------------------------------ queries

    List<Msg> live() {
        return List.copyOf(live.values());
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    Msg message(String id) {
        return everSent.get(id);
    }

    /** Every receipt handle handed out so far, oldest first. */
    List<String> handles() {
        return handleOrder;
    }

    Handle handle(String receiptHandle) {
        return handles.get(receiptHandle);
    }

    /** True when the handle is the latest receive of a message still in the queue. */
    boolean isCurrent(String receiptHandle) {
        Handle h = handles.get(receiptHandle);
        Msg m = h == null ? null : live.get(h.messageId());
        return m != null && m.receiveCount == h.receiveCount();
    }

    /** Received maxReceiveCount times: never handed out again, moved to the dead-letter queue by the next claim. */
    boolean doomed(Msg m) {
        return maxReceiveCount > 0 && m.receiveCount >= maxReceiveCount;
    }

    /** Doomed messages that a receive may move now and have not been counted as moved. */
    int movable(long now) {
        int n = 0;
        for (Msg m : live.values()) {
            if (doomed(m) && m.visibleAt <= now) {
                n++;
            }
        }
        return n - movedUnidentified;
    }

    int movedUnidentified() {
        return movedUnidentified;
    }

    /** How many messages the source queue itself should hold (moved ones are in the dead-letter queue). */
    int sourceTotal() {
        return live.size() - movedUnidentified;
    }

    /**
     * The dead-letter queue reported {@code moves} more arrivals after a receive; they are among the
     * {@code movable} ones (counted before the receive: one it handed out with visibility 0 is
     * movable now, but was not then).
     */
    void onMoves(long now, int moves, int movable, boolean receiveWasFull) {
        if (moves < 0) {
            throw Invariant.DEAD_LETTER.violated("the dead-letter queue lost " + (-moves) + " moved messages");
        }
        if (moves > movable) {
            throw Invariant.DEAD_LETTER.violated(moves + " messages moved to the dead-letter queue but only " + movable
                    + " had been received " + maxReceiveCount + " times and were visible; queue: " + summary(now));
        }
        if (!fifo && !receiveWasFull && moves != movable) {
            throw Invariant.DEAD_LETTER.violated("a receive that was not full moved " + moves + " of the " + movable
                    + " visible messages past maxReceiveCount " + maxReceiveCount + "; queue: " + summary(now));
        }
        movedUnidentified += moves;
        coverage.merge("moved to the dead-letter queue", moves, Integer::sum);
    }

    /** Messages received from the dead-letter queue: each a doomed message of this queue, moved once, intact. */
    void onDeadLetters(List<SqsResult.ReceivedMessage> got, String sourceArn) {
        for (SqsResult.ReceivedMessage r : got) {
            Msg m = everSent.get(r.messageId());
            if (m == null) {
                throw Invariant.DEAD_LETTER.violated("the dead-letter queue holds an unknown message " + r.messageId());
            }
            Gone g = gone.get(m.id);
            if (g != null) {
                throw Invariant.DEAD_LETTER.violated(m + " reached the dead-letter queue although it was " + g.how()
                        + " at step " + g.step());
            }
            if (!doomed(m)) {
                throw Invariant.DEAD_LETTER.violated(m + " was moved to the dead-letter queue after " + m.receiveCount
                        + " receives; maxReceiveCount is " + maxReceiveCount);
            }
            if (movedUnidentified == 0) {
                throw Invariant.DEAD_LETTER.violated(m + " is in the dead-letter queue, but every move was accounted for");
            }
            if (!m.body.equals(r.body()) || !m.attributes.equals(canonical(r.messageAttributes()))
                    || !Objects.equals(m.group, r.attributes().get("MessageGroupId"))
                    || !Long.toString(m.sentAt).equals(r.attributes().get("SentTimestamp"))) {
                throw Invariant.INTEGRITY.violated(m + " reached the dead-letter queue altered: " + r);
            }
            if (!sourceArn.equals(r.attributes().get("DeadLetterQueueSourceArn"))) {
                throw Invariant.INTEGRITY.violated(m + " in the dead-letter queue has DeadLetterQueueSourceArn "
                        + r.attributes().get("DeadLetterQueueSourceArn"));
            }
            live.remove(m.id);
            gone.put(m.id, new Gone("moved to the dead-letter queue", step));
            movedUnidentified--;
        }
    }

    long latestVisibleAt() {
        return live.values().stream().mapToLong(m -> m.visibleAt).max().orElse(Long.MIN_VALUE);
    }

    /** What a short poll could be given now: visible messages, and for FIFO only in groups with none in flight. */
    int available(long now) {
        Set<String> blocked = blockedGroups(now);
        int n = 0;
        for (Msg m : live.values()) {
            if (m.visibleAt <= now && !doomed(m) && !(fifo && blocked.contains(m.group))) {
                n++;
            }
        }
        return n;
    }

    private Set<String> blockedGroups(long now) {
        Set<String> blocked = new HashSet<>();
        for (Msg m : live.values()) {
            if (m.inFlight(now)) {
                blocked.add(m.group);
            }
        }
        return blocked;
    }

    /** The expected approximate counts: visible, not visible (in flight), delayed. */
    long[] counts(long now) {
        long visible = 0;
        long inFlight = 0;
        long delayed = 0;
        for (Msg m : live.values()) {
            if (m.visibleAt <= now) {
                visible++;
            } else if (m.receiveCount > 0) {
                inFlight++;
            } else {
                delayed++;
            }
        }
        return new long[] {visible - movedUnidentified, inFlight, delayed};
    }

    String describe(Msg m, long now) {
        String state = m.visibleAt <= now ? "visible" : m.receiveCount > 0 ? "in flight for " + (m.visibleAt - now) + " ms"
                : "delayed for " + (m.visibleAt - now) + " ms";
        return m + " [" + state + ", received " + m.receiveCount + "x" + (doomed(m) ? ", past maxReceiveCount" : "") + "]";
    }

    String summary(long now) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        live.values().forEach(m -> j.add(describe(m, now)));
        return j + (movedUnidentified == 0 ? "" : " of which " + movedUnidentified + " moved to the dead-letter queue");
    }

    // ------------------------------------------------------------------ sends

    /**
     * An acknowledged send. {@code dedupKey} is null on standard queues; on FIFO queues it is the
     * scope-qualified deduplication id the send must be judged by.
     */
    Msg onSend(long now, String body, String group, Map<String, MessageAttributeValue> attributes, Integer delaySeconds,
               String dedupKey, SqsResult.SendMessage sent) {
        if (dedupKey != null) {
            Dedup earlier = dedup.get(dedupKey);
            if (earlier != null && now - earlier.acceptedAt() < DEDUP_WINDOW_MILLIS) {
                if (!earlier.messageId().equals(sent.messageId())
                        || !Objects.equals(earlier.sequenceNumber(), sent.sequenceNumber())) {
                    throw Invariant.EXACTLY_ONCE_IN_DEDUP_WINDOW.violated("send with deduplication key " + dedupKey
                            + " within " + (now - earlier.acceptedAt()) + " ms of m" + earlier.label() + " (id "
                            + earlier.messageId() + ", seq " + earlier.sequenceNumber() + ") was accepted as a new message: id "
                            + sent.messageId() + ", seq " + sent.sequenceNumber()
                            + (gone.containsKey(earlier.messageId()) ? " (the first copy was already " + gone.get(earlier.messageId()).how() + ")" : ""));
                }
                count(gone.containsKey(earlier.messageId()) ? "dedup hit after the first copy left" : "dedup hit");
                return everSent.get(earlier.messageId());
            }
        }
        if (everSent.containsKey(sent.messageId())) {
            Msg old = everSent.get(sent.messageId());
            if (dedupKey != null) {
                throw Invariant.EXACTLY_ONCE_IN_DEDUP_WINDOW.violated("send with deduplication key " + dedupKey
                        + " outside any window answered with the id of " + old + ", i.e. was deduplicated too long");
            }
            throw Invariant.INTEGRITY.violated("send answered with the id of an earlier message " + old);
        }
        if (fifo) {
            if (sent.sequenceNumber() == null || (lastSequenceNumber != null && sent.sequenceNumber().compareTo(lastSequenceNumber) <= 0)
                    || sent.sequenceNumber().length() != 20) {
                throw Invariant.SEQUENCE_NUMBERS.violated("sequence number " + sent.sequenceNumber() + " after "
                        + lastSequenceNumber);
            }
            lastSequenceNumber = sent.sequenceNumber();
        }
        int delay = delaySeconds != null ? delaySeconds : queueDelaySeconds;
        Msg m = new Msg(nextLabel++, sent.messageId(), body, group, sent.sequenceNumber(), canonical(attributes), now, now + delay * 1000L);
        live.put(m.id, m);
        everSent.put(m.id, m);
        if (dedupKey != null) {
            if (dedup.containsKey(dedupKey)) {
                count("dedup key accepted again after its window");
            }
            dedup.put(dedupKey, new Dedup(now, m.id, m.sequenceNumber, m.label));
        }
        return m;
    }

    // ------------------------------------------------------------------ receives

    /**
     * A receive's answer, checked against the state before it, then applied.
     *
     * @param missing the invariant an empty-handed answer breaks (RECEIVE_RETURNS_AVAILABLE during
     *                the run, NO_LOSS in the final drain)
     */
    List<Msg> onReceive(long now, int max, int visibilitySeconds, List<SqsResult.ReceivedMessage> got, Invariant missing) {
        Set<String> seen = new HashSet<>();
        for (SqsResult.ReceivedMessage r : got) {
            if (!seen.add(r.messageId())) {
                throw Invariant.NO_DUPLICATE_DELIVERY_WHILE_IN_FLIGHT.violated(labels(List.of(r)) + " appears more than once in "
                        + "one receive: " + labels(got) + " (receipt handles " + (got.stream().map(SqsResult.ReceivedMessage::receiptHandle)
                        .filter(h -> got.stream().filter(x -> x.messageId().equals(r.messageId())).anyMatch(x -> x.receiptHandle().equals(h)))
                        .distinct().count()) + " distinct)");
            }
        }
        List<Msg> received = new ArrayList<>(got.size());
        for (SqsResult.ReceivedMessage r : got) {
            received.add(checkOne(now, r));
        }
        if (fifo) {
            checkFifoOrder(now, received);
            Set<String> blocked = blockedGroups(now);
            if (live.values().stream().anyMatch(m -> blocked.contains(m.group) && m.visibleAt <= now)) {
                count("FIFO receive with a blocked group holding visible messages");
            }
        }
        if (!fifo && movable(now) == 0) {
            checkFairTurns(now, received);
        }
        count(got.isEmpty() ? "receive empty" : got.size() == max ? "receive full" : "receive partial");
        if (received.stream().anyMatch(m -> m.receiveCount > 0)) {
            count("redelivery");
        }
        int expected = Math.min(max, available(now));
        // on FIFO queues a doomed message at a group's head is claimed (and blocks its group) in place of the rest
        boolean fewerAllowed = fifo && movable(now) > 0;
        if (received.size() > expected || (received.size() < expected && !fewerAllowed)) {
            throw missing.violated("a receive of up to " + max + " returned " + received + " but " + expected
                    + " should have been available; queue: " + summary(now));
        }
        for (int i = 0; i < received.size(); i++) {
            Msg m = received.get(i);
            m.receiveCount++;
            m.visibleAt = now + visibilitySeconds * 1000L;
            m.receivedAt = now;
            if (m.firstReceivedAt < 0) {
                m.firstReceivedAt = now;
            }
            m.handle = got.get(i).receiptHandle();
            handles.put(m.handle, new Handle(m.id, m.receiveCount, incarnation, restarts));
            handleOrder.add(m.handle);
        }
        return received;
    }

    private Msg checkOne(long now, SqsResult.ReceivedMessage r) {
        Msg m = everSent.get(r.messageId());
        if (m == null) {
            throw Invariant.INTEGRITY.violated("received message id " + r.messageId() + " that no acknowledged send produced"
                    + " (body " + r.body() + ")");
        }
        Gone g = gone.get(m.id);
        if (g != null) {
            throw Invariant.NO_RESURRECTION.violated(m + " was " + g.how() + " at step " + g.step() + " and was delivered again");
        }
        if (m.inFlight(now)) {
            throw Invariant.NO_DUPLICATE_DELIVERY_WHILE_IN_FLIGHT.violated(m + " received at " + m.receivedAt
                    + " is in flight for another " + (m.visibleAt - now) + " ms but was delivered again");
        }
        if (doomed(m)) {
            throw Invariant.DEAD_LETTER.violated(m + " was handed out a " + (m.receiveCount + 1) + "th time; maxReceiveCount is "
                    + maxReceiveCount);
        }
        if (m.delayed(now)) {
            throw Invariant.DELAY_RESPECTED.violated(m + " delivered " + (m.visibleAt - now) + " ms before its delay ends");
        }
        if (!m.body.equals(r.body()) || !md5(m.body).equals(r.md5OfBody())) {
            throw Invariant.INTEGRITY.violated(m + " came back with body '" + r.body() + "' (MD5 " + r.md5OfBody()
                    + ") instead of '" + m.body + "'");
        }
        if (!m.attributes.equals(canonical(r.messageAttributes()))) {
            throw Invariant.INTEGRITY.violated(m + " came back with attributes " + canonical(r.messageAttributes())
                    + " instead of " + m.attributes);
        }
        String sentAt = r.attributes().get("SentTimestamp");
        String firstReceived = r.attributes().get("ApproximateFirstReceiveTimestamp");
        long expectedFirst = m.firstReceivedAt < 0 ? now : m.firstReceivedAt;
        if (!Long.toString(m.sentAt).equals(sentAt) || !Long.toString(expectedFirst).equals(firstReceived)) {
            throw Invariant.INTEGRITY.violated(m + " came back with SentTimestamp " + sentAt + " and ApproximateFirstReceiveTimestamp "
                    + firstReceived + " instead of " + m.sentAt + " and " + expectedFirst);
        }
        String count = r.attributes().get("ApproximateReceiveCount");
        if (!Integer.toString(m.receiveCount + 1).equals(count)) {
            throw Invariant.INTEGRITY.violated(m + " has ApproximateReceiveCount " + count + ", expected " + (m.receiveCount + 1));
        }
        if (!Objects.equals(m.group, r.attributes().get("MessageGroupId"))) {
            throw Invariant.INTEGRITY.violated(m + " came back with MessageGroupId " + r.attributes().get("MessageGroupId"));
        }
        if (fifo && !Objects.equals(m.sequenceNumber, r.attributes().get("SequenceNumber"))) {
            throw Invariant.INTEGRITY.violated(m + " came back with SequenceNumber " + r.attributes().get("SequenceNumber")
                    + " instead of " + m.sequenceNumber);
        }
        return m;
    }

    /** Per group: nothing in flight before, and what came is the group's first undeleted messages, in order. */
    private void checkFifoOrder(long now, List<Msg> received) {
        Set<String> blocked = blockedGroups(now);
        Map<String, List<Msg>> byGroup = new LinkedHashMap<>();
        for (Msg m : received) {
            byGroup.computeIfAbsent(m.group, g -> new ArrayList<>()).add(m);
        }
        for (Map.Entry<String, List<Msg>> e : byGroup.entrySet()) {
            String group = e.getKey();
            if (blocked.contains(group)) {
                List<Msg> flying = live.values().stream().filter(m -> group.equals(m.group) && m.inFlight(now)).toList();
                throw Invariant.FIFO_ORDER.violated("group " + group + " delivered " + e.getValue() + " while " + flying
                        + " in flight");
            }
            List<Msg> order = live.values().stream().filter(m -> group.equals(m.group) && !doomed(m)).toList();
            List<Msg> prefix = order.subList(0, Math.min(order.size(), e.getValue().size()));
            if (!prefix.equals(e.getValue())) {
                throw Invariant.FIFO_ORDER.violated("group " + group + " delivered " + e.getValue()
                        + " but its undeleted messages in send order are " + order);
            }
        }
    }

    /**
     * Fair queues (Sluice's rule): groups take turns, one message each, so within one receive no
     * group gets two more messages than another unless that other had no more visible ones.
     * Messages without a group form one group.
     */
    private void checkFairTurns(long now, List<Msg> received) {
        Map<String, Integer> visible = new HashMap<>();
        for (Msg m : live.values()) {
            if (m.visibleAt <= now && !doomed(m)) {
                visible.merge(String.valueOf(m.group), 1, Integer::sum);
            }
        }
        Map<String, Integer> got = new HashMap<>();
        visible.keySet().forEach(g -> got.put(g, 0));
        received.forEach(m -> got.merge(String.valueOf(m.group), 1, Integer::sum));
        for (Map.Entry<String, Integer> a : got.entrySet()) {
            for (Map.Entry<String, Integer> b : got.entrySet()) {
                if (a.getValue() >= b.getValue() + 2 && b.getValue() < visible.getOrDefault(b.getKey(), 0)) {
                    throw Invariant.FAIR_TURNS.violated("group " + a.getKey() + " got " + a.getValue() + " messages and group "
                            + b.getKey() + " only " + b.getValue() + " of its " + visible.get(b.getKey()) + " visible ones: " + received);
                }
            }
        }
    }

    /** An immediate retry with the same ReceiveRequestAttemptId must answer exactly as the first time. */
    void onRetriedReceive(List<SqsResult.ReceivedMessage> first, List<SqsResult.ReceivedMessage> retried) {
        List<String> a = first.stream().map(r -> r.messageId() + "/" + r.receiptHandle()).toList();
        List<String> b = retried.stream().map(r -> r.messageId() + "/" + r.receiptHandle()).toList();
        if (!a.equals(b)) {
            throw Invariant.RECEIVE_ATTEMPT_RETRY.violated("the retry returned " + labels(retried) + " instead of "
                    + labels(first) + (a.size() == b.size() ? " (same messages, other receipt handles)" : ""));
        }
    }

    String labels(List<SqsResult.ReceivedMessage> got) {
        StringJoiner j = new StringJoiner(" ", "[", "]");
        for (SqsResult.ReceivedMessage r : got) {
            Msg m = everSent.get(r.messageId());
            j.add(m == null ? "?" + r.messageId() : m.toString());
        }
        return j.toString();
    }

    // ------------------------------------------------------------------ deletes and visibility

    /**
     * A delete's outcome. With the current handle of a message in flight it must succeed and the
     * message is gone; with the current handle of a message whose visibility expired either answer
     * is accepted (AWS may reject it on FIFO queues) and the model follows it; a stale handle or
     * one of a gone message must leave the message where it is, whatever the answer.
     */
    void onDelete(long now, String receiptHandle, boolean succeeded, String error) {
        Handle h = handles.get(receiptHandle);
        Msg m = h == null ? null : live.get(h.messageId());
        boolean current = m != null && m.receiveCount == h.receiveCount();
        if (!current) {
            count(m == null ? "delete of a gone message" : "delete with a stale handle");
            return;
        }
        if (!succeeded && m.inFlight(now)) {
            throw Invariant.EXPECTED_OUTCOME.violated("deleting in-flight " + m + " with its current receipt handle failed: "
                    + error);
        }
        if (succeeded) {
            count(m.inFlight(now) ? "delete in flight" : "delete after visibility expired");
            if (h.restarts() < restarts) {
                count("delete with a handle from before a restart");
            }
            live.remove(m.id);
            gone.put(m.id, new Gone("deleted", step));
        }
    }

    /**
     * A visibility change's outcome: it must succeed exactly when the handle is the current one of
     * a message in flight (and the 12-hour cap allows it), and then moves its visibility.
     */
    void onChangeVisibility(long now, String receiptHandle, int seconds, boolean succeeded, String error) {
        Handle h = handles.get(receiptHandle);
        Msg m = h == null ? null : live.get(h.messageId());
        boolean current = m != null && m.receiveCount == h.receiveCount();
        boolean allowed = current && m.inFlight(now) && now + seconds * 1000L <= m.receivedAt + MAX_VISIBILITY_MILLIS;
        Msg named = h == null ? null : everSent.get(h.messageId());
        if (allowed && !succeeded) {
            throw Invariant.EXPECTED_OUTCOME.violated("changing the visibility of in-flight " + m + " to " + seconds
                    + " s with its current handle failed: " + error);
        }
        if (!allowed && succeeded) {
            String why = named == null ? "an unknown handle" : h.incarnation() < incarnation
                    ? "the handle (of " + named + ") was handed out by the deleted queue of the same name, not by this one"
                    : gone.containsKey(named.id) ? named + " is " + gone.get(named.id).how()
                    : !current ? "the handle of " + named + " is stale (receive " + h.receiveCount() + " of " + named.receiveCount + ")"
                    : named + " is not in flight";
            throw Invariant.EXPECTED_OUTCOME.violated("a visibility change to " + seconds + " s succeeded although " + why);
        }
        count(succeeded ? "visibility changed" : current && m.inFlight(now) ? "visibility change over 12 h refused"
                : "visibility change refused");
        if (succeeded) {
            m.visibleAt = now + seconds * 1000L;
        }
    }

    /**
     * DeleteQueue succeeded: every message is gone with it, and a queue created later under the same
     * name starts afresh (no deduplication window, its own sequence numbers); the handles of the
     * deleted queue stay in {@link #handles} so the schedule tries them on the new queue.
     */
    void onQueueDeleted() {
        if (movedUnidentified != 0) {
            throw new IllegalStateException("identify moved messages before deleting the queue");
        }
        for (Msg m : live.values()) {
            gone.put(m.id, new Gone("lost with its deleted queue", step));
        }
        live.clear();
        dedup.clear();
        lastSequenceNumber = null;
        incarnation++;
        count("queue deleted and created again");
    }

    /** True when the handle was handed out by an earlier queue of the same name, deleted since. */
    boolean fromDeletedQueue(String receiptHandle) {
        Handle h = handles.get(receiptHandle);
        return h != null && h.incarnation() < incarnation;
    }

    boolean groupBlocked(String group, long now) {
        return blockedGroups(now).contains(group);
    }

    /** True when a FIFO send with this key would be deduplicated now. */
    boolean deduplicates(String dedupKey, long now) {
        Dedup d = dedup.get(dedupKey);
        return d != null && now - d.acceptedAt() < DEDUP_WINDOW_MILLIS;
    }

    /**
     * The queue's DelaySeconds changed. On standard queues that affects only later sends; on FIFO
     * queues it is retroactive (AWS: "changing the setting affects the delay of messages already in
     * the queue"), which keeps a group's order: a message never received is available at its send
     * time plus the new delay. The schedule only lowers a FIFO queue's delay, or raises it when no
     * message waits for its first receive, where retroactivity is unambiguous.
     */
    void onQueueDelayChanged(int seconds) {
        queueDelaySeconds = seconds;
        if (fifo) {
            for (Msg m : live.values()) {
                if (m.receiveCount == 0) {
                    m.visibleAt = m.sentAt + seconds * 1000L;
                }
            }
        }
    }

    boolean anyNeverReceived() {
        return live.values().stream().anyMatch(m -> m.receiveCount == 0);
    }

    /** PurgeQueue succeeded: every message is gone (the deduplication window stays). */
    void onPurge() {
        for (Msg m : live.values()) {
            gone.put(m.id, new Gone("purged", step));
        }
        live.clear();
    }

    /** A restart: in-flight messages become visible again (visibility is not durable); delays stay. */
    void onRestart(long now) {
        restarts++;
        count("restart");
        if (live.values().stream().anyMatch(m -> m.inFlight(now))) {
            count("restart with messages in flight");
        }
        for (Msg m : live.values()) {
            if (m.receiveCount > 0 && m.visibleAt > now) {
                m.visibleAt = now;
            }
        }
    }

    /** Attributes in one comparable form: name=type:value, sorted, binary values in Base64. */
    static String canonical(Map<String, MessageAttributeValue> attributes) {
        StringJoiner j = new StringJoiner(",", "{", "}");
        new TreeMap<>(attributes).forEach((name, v) -> j.add(name + "=" + v.dataType() + ":"
                + (v.binaryValue() != null ? Base64.getEncoder().encodeToString(v.binaryValue()) : v.stringValue())));
        return j.toString();
    }

    static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String goneHow(String id) {
        Gone g = gone.get(id);
        return g == null ? null : g.how() + " at step " + g.step();
    }
}
