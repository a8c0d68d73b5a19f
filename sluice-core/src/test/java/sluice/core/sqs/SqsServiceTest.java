package sluice.core.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sluice.api.sqs.SqsContext;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;
import sluice.api.sqs.SqsResult;
import sluice.common.ManualClock;
import sluice.common.Randomness;
import sluice.common.Scope;
import sluice.core.Lanes;
import sluice.core.storage.MemoryEngine;

/** The SQS service's time-driven semantics on the memory engine, with a clock the test moves. */
class SqsServiceTest {
    private static final SqsContext CTX = new SqsContext(new Scope("000000000000", "us-east-1"), "http://localhost:4566");

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private Lanes lanes;
    private SqsService sqs;

    @BeforeEach
    void start() {
        lanes = new Lanes(2);
        sqs = new SqsService(new MemoryEngine(), lanes, clock, Randomness.seeded(42), new byte[32]);
    }

    @AfterEach
    void stop() {
        lanes.close();
    }

    private SqsResult run(SqsRequest request) {
        return sqs.execute(CTX, request).join();
    }

    private SqsError errorOf(SqsRequest request) {
        try {
            sqs.execute(CTX, request).join();
        } catch (CompletionException e) {
            return assertInstanceOf(SqsException.class, e.getCause()).error();
        }
        throw new AssertionError("expected an error");
    }

    private String create(String name, Map<String, String> attributes) {
        return ((SqsResult.QueueUrl) run(new SqsRequest.CreateQueue(name, attributes, Map.of()))).queueUrl();
    }

    private void send(String url, String body, Integer delay) {
        run(new SqsRequest.SendMessage(url, new SqsRequest.SendEntry(body, delay, Map.of(), Map.of(), null, null)));
    }

    private List<SqsResult.ReceivedMessage> receive(String url, int max, Integer visibility) {
        return ((SqsResult.ReceiveMessage) run(new SqsRequest.ReceiveMessage(url, max, visibility, 0,
                List.of("All"), List.of(), List.of(), null))).messages();
    }

    @Test
    void receivedMessageReappearsOnlyAfterItsVisibilityTimeout() {
        String url = create("visibility", Map.of("VisibilityTimeout", "30"));
        send(url, "hello", null);
        assertEquals(1, receive(url, 10, null).size());
        clock.advance(Duration.ofSeconds(29));
        assertTrue(receive(url, 10, null).isEmpty());
        clock.advance(Duration.ofSeconds(2));
        List<SqsResult.ReceivedMessage> again = receive(url, 10, null);
        assertEquals(1, again.size());
        assertEquals("2", again.get(0).attributes().get("ApproximateReceiveCount"));
    }

    @Test
    void staleReceiptHandleDoesNotDeleteTheMessage() {
        String url = create("stale", Map.of());
        send(url, "hello", null);
        String first = receive(url, 1, 0).get(0).receiptHandle();
        String second = receive(url, 1, 0).get(0).receiptHandle();
        assertNotEquals(first, second);
        run(new SqsRequest.DeleteMessage(url, first));
        assertEquals(1, receive(url, 1, 0).size(), "a stale handle must not delete");
        String third = receive(url, 1, 0).get(0).receiptHandle();
        run(new SqsRequest.DeleteMessage(url, third));
        assertTrue(receive(url, 1, 0).isEmpty());
    }

    @Test
    void delayedMessageIsCountedAsDelayedUntilItsTime() {
        String url = create("delayed", Map.of());
        send(url, "later", 60);
        SqsResult.Attributes attrs = (SqsResult.Attributes) run(new SqsRequest.GetQueueAttributes(url, List.of("All")));
        assertEquals("1", attrs.attributes().get("ApproximateNumberOfMessagesDelayed"));
        assertEquals("0", attrs.attributes().get("ApproximateNumberOfMessages"));
        assertTrue(receive(url, 10, null).isEmpty());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(1, receive(url, 10, null).size());
    }

    @Test
    void retentionDropsOldMessages() throws Exception {
        String url = create("retention", Map.of("MessageRetentionPeriod", "60"));
        send(url, "old", null);
        clock.advance(Duration.ofSeconds(61));
        send(url, "new", null);
        // the sweep runs every second on the timer; wait for it to see the moved clock
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            SqsResult.Attributes a = (SqsResult.Attributes) run(new SqsRequest.GetQueueAttributes(url, List.of("ApproximateNumberOfMessages")));
            if (a.attributes().get("ApproximateNumberOfMessages").equals("1")) {
                break;
            }
            Thread.sleep(50);
        }
        List<SqsResult.ReceivedMessage> left = receive(url, 10, null);
        assertEquals(List.of("new"), left.stream().map(SqsResult.ReceivedMessage::body).toList());
    }

    @Test
    void parkedLongPollIsServedBySend() {
        String url = create("longpoll", Map.of());
        CompletableFuture<SqsResult> parked = sqs.execute(CTX, new SqsRequest.ReceiveMessage(url, 1, null, 20,
                List.of(), List.of(), List.of(), null));
        assertFalse(parked.isDone());
        send(url, "wake up", null);
        SqsResult.ReceiveMessage got = (SqsResult.ReceiveMessage) parked.join();
        assertEquals("wake up", got.messages().get(0).body());
    }

    @Test
    void purgeIsAllowedOncePerMinute() {
        String url = create("purge", Map.of());
        send(url, "x", null);
        run(new SqsRequest.PurgeQueue(url));
        assertTrue(receive(url, 10, null).isEmpty());
        assertEquals(SqsError.PURGE_QUEUE_IN_PROGRESS, errorOf(new SqsRequest.PurgeQueue(url)));
        clock.advance(Duration.ofSeconds(61));
        run(new SqsRequest.PurgeQueue(url));
    }

    @Test
    void deletedNameIsReusableAfterSixtySeconds() {
        String url = create("reuse", Map.of());
        run(new SqsRequest.DeleteQueue(url));
        assertEquals(SqsError.QUEUE_DOES_NOT_EXIST, errorOf(new SqsRequest.GetQueueUrl("reuse", null)));
        assertEquals(SqsError.QUEUE_DELETED_RECENTLY, errorOf(new SqsRequest.CreateQueue("reuse", Map.of(), Map.of())));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(url, create("reuse", Map.of()));
    }

    @Test
    void createQueueIsIdempotentOnlyForEqualAttributes() {
        String url = create("idem", Map.of("VisibilityTimeout", "45"));
        assertEquals(url, create("idem", Map.of("VisibilityTimeout", "45")));
        assertEquals(SqsError.QUEUE_NAME_EXISTS,
                errorOf(new SqsRequest.CreateQueue("idem", Map.of("VisibilityTimeout", "46"), Map.of())));
    }

    @Test
    void changeVisibilityToZeroMakesTheMessageVisibleAtOnce() {
        String url = create("cmv", Map.of());
        send(url, "x", null);
        String handle = receive(url, 1, 300).get(0).receiptHandle();
        run(new SqsRequest.ChangeMessageVisibility(url, handle, 0));
        assertEquals(1, receive(url, 1, 300).size());
        assertEquals(SqsError.INVALID_PARAMETER_VALUE,
                errorOf(new SqsRequest.ChangeMessageVisibility(url, handle, 10)), "old handle has expired");
    }

    private SqsResult.SendMessage sendFifo(String url, String body, String group, String dedupId) {
        return (SqsResult.SendMessage) run(new SqsRequest.SendMessage(url,
                new SqsRequest.SendEntry(body, null, Map.of(), Map.of(), dedupId, group)));
    }

    @Test
    void fifoKeepsGroupOrderAndBlocksAGroupWhileOneOfItsMessagesIsInFlight() {
        String url = create("orders.fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"));
        sendFifo(url, "a1", "a", null);
        sendFifo(url, "b1", "b", null);
        sendFifo(url, "a2", "a", null);
        List<String> first = receive(url, 1, 30).stream().map(SqsResult.ReceivedMessage::body).toList();
        assertEquals(List.of("a1"), first);
        List<String> second = receive(url, 10, 30).stream().map(SqsResult.ReceivedMessage::body).toList();
        assertEquals(List.of("b1"), second, "group a is blocked while a1 is in flight");
        clock.advance(Duration.ofSeconds(31));
        List<String> again = receive(url, 10, 30).stream().map(SqsResult.ReceivedMessage::body).toList();
        assertEquals(List.of("a1", "a2"), again.subList(0, 2), "redelivered in order from the first undeleted one");
    }

    @Test
    void fifoDeduplicatesWithinFiveMinutesEvenAfterTheFirstCopyIsDeleted() {
        String url = create("dedup.fifo", Map.of("FifoQueue", "true"));
        SqsResult.SendMessage first = sendFifo(url, "x", "g", "id-1");
        String handle = receive(url, 1, 30).get(0).receiptHandle();
        run(new SqsRequest.DeleteMessage(url, handle));
        SqsResult.SendMessage again = sendFifo(url, "x", "g", "id-1");
        assertEquals(first.messageId(), again.messageId());
        assertEquals(first.sequenceNumber(), again.sequenceNumber());
        assertTrue(receive(url, 10, 30).isEmpty());
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        SqsResult.SendMessage later = sendFifo(url, "x", "g", "id-1");
        assertNotEquals(first.messageId(), later.messageId());
        assertTrue(new java.math.BigInteger(later.sequenceNumber()).compareTo(new java.math.BigInteger(first.sequenceNumber())) > 0);
    }

    @Test
    void fifoSendNeedsAGroupAndADeduplicationIdOrContentBasedDeduplication() {
        String url = create("rules.fifo", Map.of("FifoQueue", "true"));
        assertEquals(SqsError.MISSING_PARAMETER, errorOf(new SqsRequest.SendMessage(url,
                new SqsRequest.SendEntry("x", null, Map.of(), Map.of(), "d", null))));
        assertEquals(SqsError.INVALID_PARAMETER_VALUE, errorOf(new SqsRequest.SendMessage(url,
                new SqsRequest.SendEntry("x", null, Map.of(), Map.of(), null, "g"))));
        assertEquals(SqsError.INVALID_PARAMETER_VALUE, errorOf(new SqsRequest.SendMessage(url,
                new SqsRequest.SendEntry("x", 5, Map.of(), Map.of(), "d", "g"))));
    }

    @Test
    void moveTaskRedrivesDeadLettersBackToTheirSource() throws Exception {
        String dlq = create("dlq", Map.of());
        String source = create("source", Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"maxReceiveCount\":\"1\"}"));
        send(source, "poison", null);
        assertEquals(1, receive(source, 1, 0).size());
        assertTrue(receive(source, 1, 0).isEmpty(), "second receive moves it to the dead-letter queue");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<SqsResult.ReceivedMessage> dead = List.of();
        while (dead.isEmpty() && System.nanoTime() < deadline) {
            dead = receive(dlq, 1, 0);
        }
        assertEquals("arn:aws:sqs:us-east-1:000000000000:source", dead.get(0).attributes().get("DeadLetterQueueSourceArn"));
        run(new SqsRequest.StartMessageMoveTask("arn:aws:sqs:us-east-1:000000000000:dlq", null, 10));
        SqsResult.MoveTask task = null;
        while (System.nanoTime() < deadline) {
            task = ((SqsResult.ListMessageMoveTasks) run(new SqsRequest.ListMessageMoveTasks(
                    "arn:aws:sqs:us-east-1:000000000000:dlq", 10))).results().get(0);
            if (task.status().equals("COMPLETED")) {
                break;
            }
            Thread.sleep(20);
        }
        assertEquals("COMPLETED", task.status());
        assertEquals(1, task.approximateNumberOfMessagesMoved());
        assertEquals(List.of("poison"), receive(source, 10, 30).stream().map(SqsResult.ReceivedMessage::body).toList());
        assertEquals(SqsError.INVALID_PARAMETER_VALUE,
                errorOf(new SqsRequest.StartMessageMoveTask("arn:aws:sqs:us-east-1:000000000000:source", null, null)));
    }
}
