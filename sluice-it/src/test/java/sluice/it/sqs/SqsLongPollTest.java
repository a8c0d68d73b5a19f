package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectInvalidParameter;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Long polling: WaitTimeSeconds per request and ReceiveMessageWaitTimeSeconds per queue. The
 * bounds asserted are outcomes (a wait happened; a parked receive was answered by a send long
 * before its 20 s ran out), not speed.
 */
class SqsLongPollTest extends SqsServerBase {
    private static SqsAsyncClient async;

    @BeforeAll
    static void openAsyncClient() {
        async = SqsClients.async(server.endpoint(), 64);
    }

    @AfterAll
    static void closeAsyncClient() {
        async.close();
    }

    private static <T> T await(CompletableFuture<T> future, Duration bound) {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer within " + bound, e);
        }
    }

    @Test
    void anEmptyQueueAnswersEmptyAfterTheWait() {
        String url = createQueue(sqs, uniqueName("empty-wait"));
        long start = System.nanoTime();
        ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(2));
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(r.messages().isEmpty());
        assertTrue(waitedMillis >= 1_900, "the receive waited for its WaitTimeSeconds: " + waitedMillis + " ms");
    }

    @Test
    void aParkedReceiveIsAnsweredBySend() {
        String url = createQueue(sqs, uniqueName("parked"));
        long start = System.nanoTime();
        CompletableFuture<ReceiveMessageResponse> parked = async.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20));
        SqsClients.sleep(Duration.ofMillis(500));
        assertFalse(parked.isDone(), "nothing to receive yet");
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("wake up"));
        ReceiveMessageResponse r = await(parked, Duration.ofSeconds(8));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of("wake up"), r.messages().stream().map(Message::body).toList());
        assertTrue(tookMillis < 8_000, "answered by the send, not by the end of the wait: " + tookMillis + " ms");
    }

    @Test
    void parkedReceivesAreAnsweredByABatch() {
        String url = createQueue(sqs, uniqueName("parked-many"));
        List<CompletableFuture<ReceiveMessageResponse>> parked = IntStream.range(0, 5)
                .mapToObj(i -> async.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)))
                .toList();
        SqsClients.sleep(Duration.ofMillis(500));
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(IntStream.range(0, 5)
                .mapToObj(i -> SendMessageBatchRequestEntry.builder()
                        .id("e" + i).messageBody("m" + i).build()).toList()));
        Set<String> bodies = new HashSet<>();
        for (CompletableFuture<ReceiveMessageResponse> f : parked) {
            await(f, Duration.ofSeconds(10)).messages().forEach(m -> assertTrue(bodies.add(m.body()), "delivered once"));
        }
        assertEquals(Set.of("m0", "m1", "m2", "m3", "m4"), bodies);
    }

    @Test
    void aParkedReceiveGetsAMessageWhoseDelayEnds() {
        String url = createQueue(sqs, uniqueName("parked-delay"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("delayed").delaySeconds(1));
        ReceiveMessageResponse r = await(async.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)), Duration.ofSeconds(10));
        assertEquals(List.of("delayed"), r.messages().stream().map(Message::body).toList());
    }

    @Test
    void aParkedReceiveGetsAMessageWhoseVisibilityTimeoutEnds() {
        String url = createQueue(sqs, uniqueName("parked-visibility"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("returning"));
        assertEquals(1, sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(1)).messages().size());
        ReceiveMessageResponse r = await(async.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)), Duration.ofSeconds(10));
        assertEquals(List.of("returning"), r.messages().stream().map(Message::body).toList());
    }

    @Test
    void aParkedReceiveGetsAMessageReleasedByChangeMessageVisibility() {
        String url = createQueue(sqs, uniqueName("parked-release"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("released"));
        String handle = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(600)).messages().get(0).receiptHandle();
        CompletableFuture<ReceiveMessageResponse> parked = async.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20));
        SqsClients.sleep(Duration.ofMillis(500));
        assertFalse(parked.isDone(), "the only message is in flight");
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(handle).visibilityTimeout(0));
        assertEquals(List.of("released"), await(parked, Duration.ofSeconds(8)).messages().stream().map(Message::body).toList());
    }

    @Test
    void theQueueReceiveWaitTimeIsTheDefault() {
        String url = createQueue(sqs, uniqueName("queue-wait"), Map.of(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20"));
        CompletableFuture<ReceiveMessageResponse> parked = async.receiveMessage(b -> b.queueUrl(url));
        SqsClients.sleep(Duration.ofMillis(500));
        assertFalse(parked.isDone(), "the queue's wait time parks a receive that names none");
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("for the default wait"));
        assertEquals(1, await(parked, Duration.ofSeconds(8)).messages().size());

        long start = System.nanoTime();
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)).messages().isEmpty());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000, "WaitTimeSeconds=0 overrides the queue's 20 s");
    }

    @Test
    void waitTimeSecondsOutOfRangeIsRejected() {
        String url = createQueue(sqs, uniqueName("wait-range"));
        expectInvalidParameter(() -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(21)));
        expectInvalidParameter(() -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(-1)));
    }
}
