package sluice.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import sluice.core.storage.MessageStore.DeleteOutcome;
import sluice.core.storage.MessageStore.VisibilityOutcome;

/**
 * The semantics every {@link StorageEngine} must share (ARCHITECTURE §4): one suite, run against
 * every engine by a subclass that says how to open one and whether it is durable. Time is never
 * read from a clock: every call is given its {@code now}, so visibility and delays are driven by
 * the test. Every future is joined (with a timeout, so a lost completion fails instead of hanging).
 *
 * <p>The durable half (close, reopen the same directory, look again) runs only when
 * {@link #durable()} is true.
 */
public abstract class StorageEngineContract extends EngineFixture {

    // ---------------------------------------------------------------- queues

    @Test
    void queuesArePutListedReplacedAndDeleted() {
        assertTrue(engine.queues().isEmpty());
        QueueRecord a = queue(1, "a");
        QueueRecord b = queue(2, "b");
        await(engine.putQueue(a));
        await(engine.putQueue(b));
        assertEquals(List.of(a, b), sorted(engine.queues()));

        QueueRecord a2 = a.withAttributes(Map.of("VisibilityTimeout", "45"), T + 5).withTags(Map.of("team", "x"));
        await(engine.putQueue(a2));
        assertEquals(List.of(a2, b), sorted(engine.queues()));

        await(engine.deleteQueue(1));
        assertEquals(List.of(b), sorted(engine.queues()));
        await(engine.deleteQueue(99));
        assertEquals(List.of(b), sorted(engine.queues()));
    }

    @Test
    void deletingAQueueDeletesItsMessages() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T), msg(2, T), msg(3, T));
        await(engine.deleteQueue(1));

        MessageStore other = createQueue(2);
        assertEquals(new MessageCounts(0, 0, 0), other.counts(T));
        assertEquals(0, other.lastSeq());
        assertTrue(claim(other, 10, T, T + 30).isEmpty());

        MessageStore again = engine.openMessages(1, T);
        assertEquals(new MessageCounts(0, 0, 0), again.counts(T));
        assertTrue(claim(again, 10, T, T + 30).isEmpty());
    }

    // ---------------------------------------------------------------- append and claim

    @Test
    void claimsOldestFirstUpToMax() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T), msg(2, T), msg(3, T));
        append(store, msg(4, T + 1), msg(5, T + 1));

        assertEquals(List.of(1L, 2L, 3L), seqs(claim(store, 3, T + 2, T + 30)));
        assertEquals(List.of(4L, 5L), seqs(claim(store, 10, T + 2, T + 30)));
        assertTrue(claim(store, 10, T + 2, T + 30).isEmpty());
    }

    @Test
    void appendingNothingCompletes() {
        MessageStore store = createQueue(1);
        await(store.append(List.of()));
        assertEquals(0, store.lastSeq());
    }

    @Test
    void claimedMessagesAreInvisibleUntilTheirDeadline() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T), msg(2, T));
        assertEquals(List.of(1L), seqs(claim(store, 1, T, T + 30)));

        assertEquals(new MessageCounts(1, 1, 0), store.counts(T + 29));
        assertEquals(List.of(2L), seqs(claim(store, 10, T + 29, T + 1000)));
        assertTrue(claim(store, 10, T + 29, T + 1000).isEmpty());

        assertEquals(new MessageCounts(1, 1, 0), store.counts(T + 30));
        List<ClaimedMessage> again = claim(store, 10, T + 30, T + 60);
        assertEquals(List.of(1L), seqs(again));
        assertEquals(2, again.get(0).receiveCount());
    }

    @Test
    void receiveCountsGrowAndFirstReceivedAtIsTheFirstReceive() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T));

        ClaimedMessage first = claim(store, 1, T + 5, T + 10).get(0);
        assertEquals(1, first.receiveCount());
        assertEquals(T + 5, first.firstReceivedAt());

        ClaimedMessage second = claim(store, 1, T + 10, T + 20).get(0);
        assertEquals(2, second.receiveCount());
        assertEquals(T + 5, second.firstReceivedAt());

        ClaimedMessage third = claim(store, 1, T + 500, T + 600).get(0);
        assertEquals(3, third.receiveCount());
        assertEquals(T + 5, third.firstReceivedAt());
    }

    @Test
    void payloadsComeBackExactly() {
        MessageStore store = createQueue(1);
        byte[] big = new byte[1024 * 1024];
        new Random(42).nextBytes(big);
        byte[] empty = new byte[0];
        byte[] text = "héllo wörld ✓".getBytes(StandardCharsets.UTF_8);
        append(store, new NewMessage(1, T, T, big), new NewMessage(2, T, T, empty), new NewMessage(3, T, T, text));

        List<ClaimedMessage> claimed = claim(store, 10, T, T + 30);
        assertEquals(3, claimed.size());
        assertArrayEquals(big, claimed.get(0).payload());
        assertArrayEquals(empty, claimed.get(1).payload());
        assertArrayEquals(text, claimed.get(2).payload());
    }

    // ---------------------------------------------------------------- delete

    @Test
    void deleteWithTheCurrentReceiveCountDeletes() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T), msg(2, T));
        ClaimedMessage claimed = claim(store, 1, T, T + 30).get(0);

        assertEquals(DeleteOutcome.DELETED, delete(store, claimed.seq(), claimed.receiveCount()));
        assertEquals(new MessageCounts(1, 0, 0), store.counts(T + 100));
        assertEquals(List.of(2L), seqs(claim(store, 10, T + 100, T + 130)));
        assertEquals(DeleteOutcome.NO_SUCH_MESSAGE, delete(store, claimed.seq(), claimed.receiveCount()));
    }

    @Test
    void deleteWithAStaleReceiveCountKeepsTheMessage() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T));
        ClaimedMessage first = claim(store, 1, T, T + 30).get(0);
        ClaimedMessage second = claim(store, 1, T + 30, T + 60).get(0);

        assertEquals(DeleteOutcome.STALE_RECEIPT, delete(store, first.seq(), first.receiveCount()));
        assertEquals(new MessageCounts(0, 1, 0), store.counts(T + 31));
        assertEquals(DeleteOutcome.DELETED, delete(store, second.seq(), second.receiveCount()));
        assertEquals(new MessageCounts(0, 0, 0), store.counts(T + 31));
    }

    @Test
    void deleteOfAnUnknownSeqIsNoSuchMessage() {
        MessageStore store = createQueue(1);
        assertEquals(DeleteOutcome.NO_SUCH_MESSAGE, delete(store, 7, 1));
        append(store, msg(1, T));
        assertEquals(DeleteOutcome.NO_SUCH_MESSAGE, delete(store, 7, 1));
        assertEquals(new MessageCounts(1, 0, 0), store.counts(T));
    }

    // ---------------------------------------------------------------- visibility

    @Test
    void changeVisibilityOutcomes() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T));
        assertEquals(VisibilityOutcome.NOT_IN_FLIGHT, store.changeVisibility(1, 0, T, T + 100));
        assertEquals(VisibilityOutcome.NO_SUCH_MESSAGE, store.changeVisibility(9, 1, T, T + 100));

        ClaimedMessage claimed = claim(store, 1, T, T + 30).get(0);
        assertEquals(VisibilityOutcome.STALE_RECEIPT, store.changeVisibility(1, claimed.receiveCount() + 1, T, T + 100));
        assertEquals(VisibilityOutcome.CHANGED, store.changeVisibility(1, claimed.receiveCount(), T + 10, T + 100));

        assertTrue(claim(store, 10, T + 50, T + 80).isEmpty());
        assertEquals(T + 100, store.nextVisibleAt(T + 50));
        assertEquals(List.of(1L), seqs(claim(store, 10, T + 100, T + 130)));
    }

    @Test
    void changeVisibilityOfAMessageVisibleAgainIsNotInFlight() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T));
        ClaimedMessage claimed = claim(store, 1, T, T + 30).get(0);
        assertEquals(VisibilityOutcome.NOT_IN_FLIGHT, store.changeVisibility(1, claimed.receiveCount(), T + 30, T + 100));
        assertEquals(new MessageCounts(1, 0, 0), store.counts(T + 30));
    }

    @Test
    void visibilityZeroMakesTheMessageVisibleAtOnce() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T));
        ClaimedMessage claimed = claim(store, 1, T, T + 30).get(0);
        assertEquals(VisibilityOutcome.CHANGED, store.changeVisibility(1, claimed.receiveCount(), T + 5, T + 5));
        assertEquals(new MessageCounts(1, 0, 0), store.counts(T + 5));
        ClaimedMessage again = claim(store, 1, T + 5, T + 35).get(0);
        assertEquals(2, again.receiveCount());
    }

    // ---------------------------------------------------------------- delays, counts, timers

    @Test
    void delayedMessagesAreCountedAsDelayedUntilTheirTime() {
        MessageStore store = createQueue(1);
        append(store, new NewMessage(1, T, T + 100, bytes("d")), msg(2, T));

        assertEquals(new MessageCounts(1, 0, 1), store.counts(T));
        assertEquals(List.of(2L), seqs(claim(store, 10, T + 50, T + 1000)));
        assertTrue(claim(store, 10, T + 99, T + 1000).isEmpty());
        assertEquals(T + 100, store.nextVisibleAt(T + 99));

        assertEquals(new MessageCounts(1, 1, 0), store.counts(T + 100));
        assertEquals(List.of(1L), seqs(claim(store, 10, T + 100, T + 1000)));
    }

    @Test
    void countsInEveryState() {
        MessageStore store = createQueue(1);
        assertEquals(new MessageCounts(0, 0, 0), store.counts(T));
        append(store, msg(1, T), msg(2, T), new NewMessage(3, T, T + 500, bytes("3")), msg(4, T));
        assertEquals(new MessageCounts(3, 0, 1), store.counts(T));

        claim(store, 2, T, T + 100);
        assertEquals(new MessageCounts(1, 2, 1), store.counts(T + 1));

        delete(store, 1, 1);
        assertEquals(new MessageCounts(1, 1, 1), store.counts(T + 1));

        assertEquals(new MessageCounts(2, 0, 1), store.counts(T + 100));
        assertEquals(new MessageCounts(3, 0, 0), store.counts(T + 500));
    }

    @Test
    void nextVisibleAtIsTheEarliestPendingTime() {
        MessageStore store = createQueue(1);
        assertEquals(Long.MAX_VALUE, store.nextVisibleAt(T));
        append(store, msg(1, T), new NewMessage(2, T, T + 300, bytes("2")));
        assertEquals(T + 300, store.nextVisibleAt(T));

        claim(store, 1, T, T + 30);
        assertEquals(T + 30, store.nextVisibleAt(T));
        assertEquals(T + 300, store.nextVisibleAt(T + 30));
        assertEquals(Long.MAX_VALUE, store.nextVisibleAt(T + 300));
    }

    @Test
    void lastSeqIsTheHighestEverAppended() {
        MessageStore store = createQueue(1);
        assertEquals(0, store.lastSeq());
        append(store, msg(1, T), msg(2, T), msg(3, T));
        assertEquals(3, store.lastSeq());
        ClaimedMessage third = claim(store, 3, T, T + 30).get(2);
        delete(store, third.seq(), third.receiveCount());
        assertEquals(3, store.lastSeq());
    }

    // ---------------------------------------------------------------- purge, expire

    @Test
    void purgeRemovesEveryMessage() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T), msg(2, T), new NewMessage(3, T, T + 100, bytes("3")));
        claim(store, 1, T, T + 30);
        await(store.purge());

        assertEquals(new MessageCounts(0, 0, 0), store.counts(T + 1000));
        assertTrue(claim(store, 10, T + 1000, T + 1030).isEmpty());
        assertEquals(Long.MAX_VALUE, store.nextVisibleAt(T + 1000));
        assertEquals(3, store.lastSeq());

        append(store, msg(4, T + 1000));
        assertEquals(List.of(4L), seqs(claim(store, 10, T + 1000, T + 1030)));
    }

    @Test
    void expireRemovesExactlyTheOlderMessages() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T), msg(2, T + 10), msg(3, T + 20), new NewMessage(4, T + 5, T + 500, bytes("4")));
        claim(store, 1, T + 20, T + 60);

        Written<Integer> expired = store.expire(T + 10);
        await(expired.durable());
        assertEquals(2, expired.value());
        assertEquals(new MessageCounts(2, 0, 0), store.counts(T + 21));
        assertEquals(List.of(2L, 3L), seqs(claim(store, 10, T + 21, T + 60)));

        Written<Integer> none = store.expire(T + 10);
        await(none.durable());
        assertEquals(0, none.value());
    }

    // ---------------------------------------------------------------- durable engines

    @Test
    void queuesSurviveReopen() {
        assumeTrue(durable());
        QueueRecord a = new QueueRecord(1, "000000000000", "eu-west-1", "orders",
                Map.of("VisibilityTimeout", "30", "Policy", "{\"Statement\":[\"" + "x".repeat(70_000) + "\"]}"),
                Map.of("team", "ünïcode ✓", "empty", ""), T, T + 1);
        QueueRecord b = queue(2, "b.fifo");
        QueueRecord c = queue(3, "c");
        await(engine.putQueue(a));
        await(engine.putQueue(b));
        await(engine.putQueue(c));
        await(engine.deleteQueue(3));

        StorageEngine reopened = reopen();
        assertEquals(List.of(a, b), sorted(reopened.queues()));
    }

    @Test
    void messagesSurviveReopenAndInFlightOnesAreVisibleAgain() {
        assumeTrue(durable());
        MessageStore store = createQueue(1);
        byte[] big = new byte[1024 * 1024];
        new Random(7).nextBytes(big);
        append(store, new NewMessage(1, T, T, big), new NewMessage(2, T, T, new byte[0]), msg(3, T), msg(4, T));
        assertEquals(List.of(1L, 2L), seqs(claim(store, 2, T + 1, T + 10_000)));
        assertEquals(List.of(3L), seqs(claim(store, 1, T + 2, T + 20_000)));
        assertEquals(List.of(1L), seqs(claim(store, 1, T + 10_001, T + 20_000)));
        assertEquals(new MessageCounts(2, 2, 0), store.counts(T + 10_002));

        MessageStore recovered = reopen().openMessages(1, T + 10_002);
        assertEquals(new MessageCounts(4, 0, 0), recovered.counts(T + 10_002));
        assertEquals(4, recovered.lastSeq());
        List<ClaimedMessage> all = claim(recovered, 10, T + 10_002, T + 20_000);
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(all));
        assertEquals(List.of(3, 2, 2, 1), all.stream().map(ClaimedMessage::receiveCount).toList());
        assertEquals(List.of(T + 1, T + 1, T + 2, T + 10_002),
                all.stream().map(ClaimedMessage::firstReceivedAt).toList());
        assertArrayEquals(big, all.get(0).payload());
        assertArrayEquals(new byte[0], all.get(1).payload());
        assertArrayEquals(bytes("m3"), all.get(2).payload());
    }

    @Test
    void receiptsFromBeforeAReopenAreStaleAfterTheNextReceive() {
        assumeTrue(durable());
        MessageStore store = createQueue(1);
        append(store, msg(1, T));
        ClaimedMessage before = claim(store, 1, T, T + 30).get(0);

        MessageStore recovered = reopen().openMessages(1, T + 1);
        ClaimedMessage after = claim(recovered, 1, T + 1, T + 30).get(0);
        assertEquals(before.receiveCount() + 1, after.receiveCount());
        assertEquals(DeleteOutcome.STALE_RECEIPT, delete(recovered, 1, before.receiveCount()));
        assertEquals(DeleteOutcome.DELETED, delete(recovered, 1, after.receiveCount()));

        MessageStore again = reopen().openMessages(1, T + 2);
        assertEquals(new MessageCounts(0, 0, 0), again.counts(T + 2));
    }

    @Test
    void delayedMessagesStayDelayedAcrossReopen() {
        assumeTrue(durable());
        MessageStore store = createQueue(1);
        append(store, new NewMessage(1, T, T + 1000, bytes("d")), msg(2, T));

        MessageStore recovered = reopen().openMessages(1, T + 10);
        assertEquals(new MessageCounts(1, 0, 1), recovered.counts(T + 10));
        assertEquals(T + 1000, recovered.nextVisibleAt(T + 10));
        assertEquals(List.of(2L), seqs(claim(recovered, 10, T + 10, T + 5000)));
        assertEquals(List.of(1L), seqs(claim(recovered, 10, T + 1000, T + 5000)));
    }

    @Test
    void deletionsPurgesExpiriesAndDeletedQueuesSurviveReopen() {
        assumeTrue(durable());
        MessageStore deleted = createQueue(1);
        append(deleted, msg(1, T), msg(2, T), msg(3, T));
        ClaimedMessage second = claim(deleted, 2, T, T + 30).get(1);
        assertEquals(DeleteOutcome.DELETED, delete(deleted, second.seq(), second.receiveCount()));

        MessageStore purged = createQueue(2);
        append(purged, msg(1, T), msg(2, T));
        await(purged.purge());

        MessageStore expired = createQueue(3);
        append(expired, msg(1, T), msg(2, T + 10), msg(3, T + 20));
        await(expired.expire(T + 15).durable());

        MessageStore dropped = createQueue(4);
        append(dropped, msg(1, T), msg(2, T));
        await(engine.deleteQueue(4));

        StorageEngine reopened = reopen();
        assertEquals(List.of(1L, 2L, 3L), sorted(reopened.queues()).stream().map(QueueRecord::id).toList());
        assertEquals(List.of(1L, 3L), seqs(claim(reopened.openMessages(1, T + 40), 10, T + 40, T + 70)));
        MessageStore purgedAgain = reopened.openMessages(2, T + 40);
        assertEquals(new MessageCounts(0, 0, 0), purgedAgain.counts(T + 40));
        assertEquals(2, purgedAgain.lastSeq());
        assertEquals(List.of(3L), seqs(claim(reopened.openMessages(3, T + 40), 10, T + 40, T + 70)));
        MessageStore droppedAgain = reopened.openMessages(4, T + 40);
        assertEquals(new MessageCounts(0, 0, 0), droppedAgain.counts(T + 40));
    }

    @Test
    void lastSeqSurvivesReopenEvenWhenEveryMessageIsGone() {
        assumeTrue(durable());
        MessageStore store = createQueue(1);
        append(store, msg(1, T), msg(2, T), msg(3, T));
        for (ClaimedMessage m : claim(store, 10, T, T + 30)) {
            delete(store, m.seq(), m.receiveCount());
        }
        MessageStore other = createQueue(2);
        append(other, msg(1, T), msg(2, T));

        StorageEngine reopened = reopen();
        assertEquals(3, reopened.openMessages(1, T + 1).lastSeq());
        assertEquals(2, reopened.openMessages(2, T + 1).lastSeq());
        assertEquals(3, reopen().openMessages(1, T + 2).lastSeq());
    }

    @Test
    void appendsAfterReopenContinueTheQueue() {
        assumeTrue(durable());
        MessageStore store = createQueue(1);
        append(store, msg(1, T), msg(2, T));

        MessageStore recovered = reopen().openMessages(1, T + 1);
        append(recovered, msg(3, T + 1));
        assertEquals(3, recovered.lastSeq());

        MessageStore again = reopen().openMessages(1, T + 2);
        assertEquals(List.of(1L, 2L, 3L), seqs(claim(again, 10, T + 2, T + 30)));
        assertArrayEquals(bytes("m3"), claim(again, 10, T + 30, T + 60).get(2).payload());
    }

    // ---------------------------------------------------------------- groups and records

    @Test
    void standardQueuesServeGroupsInTurnSoABacklogCannotStarveOthers() {
        MessageStore store = createQueue(1);
        List<NewMessage> backlog = new ArrayList<>();
        for (long seq = 1; seq <= 50; seq++) {
            backlog.add(grouped(seq, T, "big"));
        }
        append(store, backlog.toArray(NewMessage[]::new));
        append(store, grouped(51, T, "small"), grouped(52, T, "small"));
        List<Long> first = seqs(claim(store, 4, T, T + 30));
        assertTrue(first.containsAll(List.of(51L, 52L)), "the small group is served at once: " + first);
    }

    @Test
    void fifoGroupsAreServedInOrderAndLockedWhileInFlight() {
        await(engine.putQueue(queue(1, "q1.fifo")));
        MessageStore store = engine.openMessages(1, MessageIndex.Ordering.FIFO, T);
        append(store, grouped(1, T, "a"), grouped(2, T, "a"), grouped(3, T, "b"), grouped(4, T, "a"));
        assertEquals(List.of(1L, 2L, 4L), seqs(claim(store, 3, T, T + 30)), "one group, in order");
        assertEquals(List.of(3L), seqs(claim(store, 10, T, T + 100)), "group a is locked, b is free");
        assertTrue(claim(store, 10, T, T + 30).isEmpty());
        assertEquals(DeleteOutcome.DELETED, delete(store, 1, 1));
        assertTrue(claim(store, 10, T + 1, T + 30).isEmpty(), "a still has messages in flight");
        assertEquals(List.of(2L, 4L), seqs(claim(store, 10, T + 30, T + 60)), "visible again, still in order");
    }

    @Test
    void fifoOrderAndGroupsSurviveReopen() {
        assumeTrue(durable());
        await(engine.putQueue(queue(1, "q1.fifo")));
        MessageStore store = engine.openMessages(1, MessageIndex.Ordering.FIFO, T);
        append(store, grouped(1, T, "a"), grouped(2, T, "b"), grouped(3, T, "a"));
        claim(store, 1, T, T + 30);
        MessageStore recovered = reopen().openMessages(1, MessageIndex.Ordering.FIFO, T + 1);
        assertEquals(List.of(1L, 3L), seqs(claim(recovered, 2, T + 1, T + 30)));
        assertEquals(List.of(2L), seqs(claim(recovered, 10, T + 1, T + 30)));
    }

    @Test
    void aClaimWithVisibilityZeroHandsEachMessageOutOnce() {
        MessageStore store = createQueue(1);
        append(store, msg(1, T));
        List<ClaimedMessage> claimed = claim(store, 10, T, T);
        assertEquals(List.of(1L), seqs(claimed));
        assertEquals(1, claimed.get(0).receiveCount());
        assertEquals(List.of(1L), seqs(claim(store, 10, T, T)), "visible again at once, for the next claim");
    }

    @Test
    void recordsArePutReplacedDeletedAndKeptAcrossPurge() {
        MessageStore store = createQueue(1);
        await(store.putRecord("dedup/x", bytes("1")));
        await(store.putRecord("dedup/x", bytes("2")));
        await(store.putRecord("task", bytes("t")));
        await(store.deleteRecord("task"));
        await(store.deleteRecord("never-there"));
        await(store.purge());
        assertEquals(1, store.records().size());
        assertArrayEquals(bytes("2"), store.records().get("dedup/x"));
    }

    @Test
    void recordsSurviveReopenAndGoWithTheQueue() {
        assumeTrue(durable());
        MessageStore store = createQueue(1);
        await(store.putRecord("dedup/\u00e9t\u00e9", bytes("v")));
        MessageStore other = createQueue(2);
        await(other.putRecord("mine", bytes("2")));
        StorageEngine reopened = reopen();
        assertArrayEquals(bytes("v"), reopened.openMessages(1, T).records().get("dedup/\u00e9t\u00e9"));
        await(reopened.deleteQueue(1));
        StorageEngine again = reopen();
        await(again.putQueue(queue(3, "q3")));
        assertTrue(again.openMessages(3, T).records().isEmpty());
        assertEquals(Map.of("mine", "2"), Map.of("mine", new String(again.openMessages(2, T).records().get("mine"), StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- metadata records

    @Test
    void metadataRecordsArePutReplacedListedInKeyOrderAndDeleted() {
        assertTrue(engine.records("sns").isEmpty());
        await(engine.putRecord("sns", "b", bytes("1")));
        await(engine.putRecord("sns", "a", bytes("2")));
        await(engine.putRecord("sns", "b", bytes("3")));
        await(engine.putRecord("other", "a", bytes("x")));
        assertEquals(List.of("a", "b"), List.copyOf(engine.records("sns").keySet()));
        assertArrayEquals(bytes("3"), engine.records("sns").get("b"));
        await(engine.deleteRecord("sns", "a"));
        await(engine.deleteRecord("sns", "never-there"));
        assertEquals(List.of("b"), List.copyOf(engine.records("sns").keySet()));
        assertEquals(List.of("a"), List.copyOf(engine.records("other").keySet()));
    }

    @Test
    void metadataNamespacesDoNotOverlapEvenWhenOneIsAPrefixOfAnother() {
        await(engine.putRecord("sn", "s", bytes("1")));
        await(engine.putRecord("sns", "x", bytes("2")));
        await(engine.putRecord("sns2", "y", bytes("3")));
        assertEquals(List.of("s"), List.copyOf(engine.records("sn").keySet()));
        assertEquals(List.of("x"), List.copyOf(engine.records("sns").keySet()));
        await(engine.deleteRecords("sns", ""));
        assertTrue(engine.records("sns").isEmpty());
        assertEquals(1, engine.records("sn").size());
        assertEquals(1, engine.records("sns2").size());
    }

    @Test
    void deletingByPrefixRemovesExactlyTheKeysThatStartWithIt() {
        await(engine.putRecord("sns", "t/0001", bytes("topic")));
        await(engine.putRecord("sns", "t/0001/s1", bytes("sub")));
        await(engine.putRecord("sns", "t/0001/s\u00e9", bytes("sub")));
        await(engine.putRecord("sns", "t/00010", bytes("other topic")));
        await(engine.putRecord("sns", "t/0002", bytes("other topic")));
        await(engine.deleteRecords("sns", "t/0001/"));
        assertEquals(List.of("t/0001", "t/00010", "t/0002"), List.copyOf(engine.records("sns").keySet()));
        await(engine.deleteRecords("sns", "t/0001"));
        assertEquals(List.of("t/0002"), List.copyOf(engine.records("sns").keySet()));
    }

    @Test
    void metadataRecordsAreIndependentOfQueues() {
        MessageStore store = createQueue(1);
        await(store.putRecord("k", bytes("queue")));
        await(engine.putRecord("sns", "k", bytes("meta")));
        await(engine.deleteQueue(1));
        assertArrayEquals(bytes("meta"), engine.records("sns").get("k"));
    }

    @Test
    void metadataRecordsSurviveReopenAndDeletionsStayDeleted() {
        assumeTrue(durable());
        await(engine.putRecord("sns", "t/1", bytes("\u00e9t\u00e9")));
        await(engine.putRecord("sns", "t/1/s", bytes("s")));
        await(engine.putRecord("sns", "t/2", bytes("2")));
        await(engine.deleteRecord("sns", "t/2"));
        StorageEngine reopened = reopen();
        assertEquals(List.of("t/1", "t/1/s"), List.copyOf(reopened.records("sns").keySet()));
        assertArrayEquals(bytes("\u00e9t\u00e9"), reopened.records("sns").get("t/1"));
        await(reopened.deleteRecords("sns", "t/1"));
        assertTrue(reopen().records("sns").isEmpty());
    }

    // ---------------------------------------------------------------- helpers

    protected static NewMessage grouped(long seq, long sentAt, String group) {
        return new NewMessage(seq, sentAt, sentAt, group, bytes("m" + seq));
    }

    protected static QueueRecord queue(long id, String name) {
        return new QueueRecord(id, "000000000000", "us-east-1", name, Map.of("DelaySeconds", "0"), Map.of(), T, T);
    }

    protected final MessageStore createQueue(long id) {
        await(engine.putQueue(queue(id, "q" + id)));
        return engine.openMessages(id, T);
    }

    protected static NewMessage msg(long seq, long sentAt) {
        return new NewMessage(seq, sentAt, sentAt, bytes("m" + seq));
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static void append(MessageStore store, NewMessage... messages) {
        await(store.append(List.of(messages)));
    }

    protected static List<ClaimedMessage> claim(MessageStore store, int max, long now, long invisibleUntil) {
        Written<List<ClaimedMessage>> written = store.claim(max, now, invisibleUntil);
        await(written.durable());
        return written.value();
    }

    protected static DeleteOutcome delete(MessageStore store, long seq, int receiveCount) {
        Written<DeleteOutcome> written = store.delete(seq, receiveCount);
        await(written.durable());
        return written.value();
    }


    protected static List<Long> seqs(List<ClaimedMessage> claimed) {
        List<Long> seqs = new ArrayList<>(claimed.size());
        for (ClaimedMessage m : claimed) {
            seqs.add(m.seq());
        }
        return seqs;
    }

    private static List<QueueRecord> sorted(List<QueueRecord> queues) {
        List<QueueRecord> copy = new ArrayList<>(queues);
        copy.sort(Comparator.comparingLong(QueueRecord::id));
        return copy;
    }
}
