package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectError;
import static sluice.it.sqs.SqsClients.expectInvalidParameter;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import sluice.common.ManualClock;
import sluice.testkit.SluiceTestServer;

/**
 * Visibility timeouts (per receive, per queue, changed later), DeleteMessage with current, stale
 * and invalid receipt handles, and PurgeQueue. Timeouts are 1 s and waits are generous: only
 * outcomes are asserted, never how fast they came.
 */
class SqsVisibilityTest extends SqsServerBase {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private static Message receive(String url, int visibilityTimeout) {
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(visibilityTimeout).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        assertEquals(1, got.size(), "one message received");
        return got.get(0);
    }

    /** Receives until the message comes back (its visibility timeout ran out), hiding it for the given time. */
    private static Message receiveWhenVisibleAgain(String url, int visibilityTimeout) {
        AtomicReference<Message> got = new AtomicReference<>();
        SqsClients.await(PATIENCE, "the message is visible again", () -> {
            sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(visibilityTimeout).waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .messages().stream().findFirst().ifPresent(got::set);
            return got.get() != null;
        });
        return got.get();
    }

    private static int count(String url, QueueAttributeName name) {
        return Integer.parseInt(SqsClients.attribute(sqs, url, name));
    }

    private static boolean nothingVisible(String url) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages().isEmpty();
    }

    @Test
    void aReceivedMessageIsHiddenThenReappearsAfterTheReceiveVisibilityTimeout() {
        String url = createQueue(sqs, uniqueName("reappear"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("again"));
        Message first = receive(url, 1);
        Message second = receiveWhenVisibleAgain(url, 600);
        assertEquals(first.messageId(), second.messageId());
        assertNotEquals(first.receiptHandle(), second.receiptHandle(), "each receive has its own handle");
        assertEquals("2", second.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertTrue(nothingVisible(url), "hidden for the second receive's ten minutes");
    }

    @Test
    void theQueueVisibilityTimeoutAppliesWhenTheReceiveNamesNone() {
        String shortUrl = createQueue(sqs, uniqueName("short-vis"), Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
        String longUrl = createQueue(sqs, uniqueName("long-vis"));
        for (String url : List.of(shortUrl, longUrl)) {
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("default visibility"));
            assertEquals(1, sqs.receiveMessage(b -> b.queueUrl(url)).messages().size());
        }
        receiveWhenVisibleAgain(shortUrl, 600);
        SqsClients.sleep(Duration.ofMillis(2500));
        assertTrue(nothingVisible(longUrl), "the default of 30 s keeps it hidden");
        assertEquals(1, count(longUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void receiveRejectsAVisibilityTimeoutOutOfRange() {
        String url = createQueue(sqs, uniqueName("vis-range"));
        expectInvalidParameter(() -> sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(43_201)));
        expectInvalidParameter(() -> sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(-1)));
    }

    @Test
    void deleteMessageRemovesItForGood() {
        String url = createQueue(sqs, uniqueName("delete"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("bye"));
        Message m = receive(url, 1);
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        assertEquals(0, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        SqsClients.sleep(Duration.ofMillis(1500));
        assertTrue(nothingVisible(url), "not back after its visibility timeout");
        assertEquals(0, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
    }

    @Test
    void aStaleReceiptHandleDeletesNothingButSucceeds() {
        String url = createQueue(sqs, uniqueName("stale"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("twice received"));
        Message first = receive(url, 1);
        Message second = receiveWhenVisibleAgain(url, 600);

        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()));
        assertEquals(1, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), "still there");
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(second.receiptHandle()).visibilityTimeout(0));
        Message third = receive(url, 600);
        assertEquals(first.messageId(), third.messageId());

        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(third.receiptHandle()));
        assertEquals(0, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void aGarbageOrForeignReceiptHandleIsInvalid() {
        String url = createQueue(sqs, uniqueName("garbage"));
        String other = createQueue(sqs, uniqueName("garbage-other"));
        sqs.sendMessage(b -> b.queueUrl(other).messageBody("elsewhere"));
        String foreign = receive(other, 600).receiptHandle();
        String tampered = foreign.substring(0, 10) + (foreign.charAt(10) == 'A' ? 'B' : 'A') + foreign.substring(11);
        for (String handle : List.of("garbage", foreign, tampered)) {
            expectError(ReceiptHandleIsInvalidException.class, "ReceiptHandleIsInvalid", 404,
                    () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(handle)));
            expectError(ReceiptHandleIsInvalidException.class, "ReceiptHandleIsInvalid", 404,
                    () -> sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(handle).visibilityTimeout(5)));
        }
        assertEquals(1, count(other, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void changeMessageVisibilityExtendsTheTimeout() {
        String url = createQueue(sqs, uniqueName("extend"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("kept"));
        Message m = receive(url, 1);
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(600));
        SqsClients.sleep(Duration.ofMillis(2500));
        assertTrue(nothingVisible(url), "still hidden after the original second");
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        assertEquals(0, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), "the handle is still current");
    }

    @Test
    void changeMessageVisibilityToZeroReleasesAtOnce() {
        String url = createQueue(sqs, uniqueName("release"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("released"));
        Message m = receive(url, 600);
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        Message again = receive(url, 600);
        assertEquals(m.messageId(), again.messageId());
        assertEquals("2", again.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    }

    @Test
    void changeMessageVisibilityRejectsOutOfRangeValues() {
        String url = createQueue(sqs, uniqueName("change-range"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("x"));
        Message m = receive(url, 600);
        expectInvalidParameter(() -> sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())
                .visibilityTimeout(43_201)));
        expectInvalidParameter(() -> sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())
                .visibilityTimeout(-1)));
        assertEquals(1, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), "unchanged");
    }

    @Test
    void visibilityCannotBeExtendedBeyondTwelveHoursFromTheReceive() {
        ManualClock clock = new ManualClock(System.currentTimeMillis());
        try (SluiceTestServer timed = SluiceTestServer.start(c -> c, clock);
             SqsClient client = SqsClients.sync(timed.endpoint(), clock::millis)) {
            String url = createQueue(client, uniqueName("twelve-hours"));
            client.sendMessage(b -> b.queueUrl(url).messageBody("long job"));
            String handle = client.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(43_200)).messages().get(0).receiptHandle();
            clock.advance(Duration.ofHours(1));
            expectInvalidParameter(() -> client.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(handle)
                    .visibilityTimeout(39_601)));
            client.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(handle).visibilityTimeout(39_600));
            clock.advance(Duration.ofHours(10));
            client.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(handle).visibilityTimeout(3_600));
            expectInvalidParameter(() -> client.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(handle)
                    .visibilityTimeout(3_601)));
        }
    }

    @Test
    void changeMessageVisibilityOfAMessageNotInFlightFails() {
        String url = createQueue(sqs, uniqueName("not-inflight"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("lapsed"));
        Message m = receive(url, 1);
        SqsClients.await(PATIENCE, "the visibility timeout lapses",
                () -> count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 1);
        expectError(MessageNotInflightException.class, "AWS.SimpleQueueService.MessageNotInflight", 400,
                () -> sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(60)));
        assertEquals(1, count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), "still visible");
    }

    @Test
    void aMessageReceivedMoreThanMaxReceiveCountTimesMovesToTheDeadLetterQueue() {
        String dlqName = uniqueName("dead");
        String dlq = createQueue(sqs, dlqName);
        String redrive = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:" + SluiceTestServer.ACCOUNT + ":" + dlqName
                + "\",\"maxReceiveCount\":2}";
        String url = createQueue(sqs, uniqueName("poison"), Map.of(QueueAttributeName.REDRIVE_POLICY, redrive));
        String id = sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison")
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("bad").build())))
                .messageId();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("healthy").delaySeconds(2));
        long sentBefore = System.currentTimeMillis();
        Message first = receive(url, 0);
        assertEquals("1", first.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertEquals("2", receive(url, 0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));

        List<Message> third = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(0)
                .waitTimeSeconds(5)).messages();
        assertEquals(List.of("healthy"), third.stream().map(Message::body).toList(), "the poison message is not received again");

        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(5).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
        assertEquals(1, dead.size(), "moved to the dead-letter queue");
        assertEquals(id, dead.get(0).messageId(), "with its message id");
        assertEquals("poison", dead.get(0).body());
        assertEquals("bad", dead.get(0).messageAttributes().get("kind").stringValue());
        assertTrue(Long.parseLong(dead.get(0).attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)) <= sentBefore,
                "the original SentTimestamp is kept");
        SqsClients.await(PATIENCE, "gone from the source queue",
                () -> count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0
                        && count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 1);
    }

    @Test
    void purgeQueueEmptiesItAndASecondPurgeWithinSixtySecondsFails() {
        String url = createQueue(sqs, uniqueName("purge"));
        for (int i = 0; i < 5; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("p" + n));
        }
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("delayed").delaySeconds(600));
        receive(url, 600);
        sqs.purgeQueue(b -> b.queueUrl(url));
        SqsClients.await(PATIENCE, "the queue is empty", () -> count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 0
                && count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0
                && count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED) == 0);
        assertTrue(nothingVisible(url));
        expectError(PurgeQueueInProgressException.class, "AWS.SimpleQueueService.PurgeQueueInProgress", 403,
                () -> sqs.purgeQueue(b -> b.queueUrl(url)));
    }

    @Test
    void purgeIsAllowedAgainAfterSixtySeconds() {
        ManualClock clock = new ManualClock(System.currentTimeMillis());
        try (SluiceTestServer timed = SluiceTestServer.start(c -> c, clock);
             SqsClient client = SqsClients.sync(timed.endpoint(), clock::millis)) {
            String url = createQueue(client, uniqueName("purge-again"));
            client.purgeQueue(b -> b.queueUrl(url));
            clock.advance(Duration.ofSeconds(59));
            expectError(PurgeQueueInProgressException.class, "AWS.SimpleQueueService.PurgeQueueInProgress", 403,
                    () -> client.purgeQueue(b -> b.queueUrl(url)));
            clock.advance(Duration.ofSeconds(2));
            client.sendMessage(b -> b.queueUrl(url).messageBody("purged later"));
            client.purgeQueue(b -> b.queueUrl(url));
            assertTrue(client.receiveMessage(b -> b.queueUrl(url)).messages().isEmpty());
        }
    }
}
