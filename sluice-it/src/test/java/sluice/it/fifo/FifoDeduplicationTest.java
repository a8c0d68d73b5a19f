package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.fifo.Fifo.createFifo;
import static sluice.it.fifo.Fifo.drain;
import static sluice.it.fifo.Fifo.fifoName;
import static sluice.it.fifo.Fifo.send;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Exactly-once processing ("Exactly-once processing in Amazon SQS", "Using the message
 * deduplication ID"; SendMessage API reference on MessageDeduplicationId): within the 5-minute
 * interval a message with a seen deduplication ID is accepted but not delivered, even after the
 * first copy was deleted; content-based deduplication hashes the body (not the attributes); the
 * messageGroup scope deduplicates per group. The server runs on a manual clock so that the
 * interval can pass.
 */
class FifoDeduplicationTest extends ManualClockServerBase {
    private static String contentBased(String prefix) {
        return createFifo(sqs, fifoName(prefix), Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
    }

    private static String sendBody(String url, String group, String body) {
        return sqs.sendMessage(b -> b.queueUrl(url).messageGroupId(group).messageBody(body)).messageId();
    }

    @Test
    void aRepeatedDeduplicationIdIsAcceptedWithTheSameMessageIdButDeliveredOnce() {
        String url = createFifo(sqs, fifoName("dedup"));
        String first = send(sqs, url, "g", "order-1", "first copy").messageId();
        String again = send(sqs, url, "g", "order-1", "second copy").messageId();
        assertEquals(first, again, "the duplicate answers the original MessageId");
        String other = send(sqs, url, "g", "order-2", "another").messageId();
        assertNotEquals(first, other);
        assertEquals(List.of("first copy", "another"), drain(sqs, url, 3));
        assertTrue(Fifo.receive(sqs, url, 10).isEmpty());
    }

    @Test
    void theDeduplicationIdIsRememberedAfterTheMessageWasDeleted() {
        String url = createFifo(sqs, fifoName("after-delete"));
        String id = send(sqs, url, "g", "once", "only").messageId();
        assertEquals(List.of("only"), drain(sqs, url, 1));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(id, send(sqs, url, "g", "once", "retry").messageId());
        assertTrue(Fifo.receive(sqs, url, 10).isEmpty(), "the retry after delete was not delivered");
    }

    @Test
    void afterFiveMinutesTheSameDeduplicationIdIsANewMessage() {
        String url = createFifo(sqs, fifoName("interval"));
        String id = send(sqs, url, "g", "tick", "t0").messageId();
        clock.advance(Duration.ofMinutes(4).plusSeconds(50));
        assertEquals(id, send(sqs, url, "g", "tick", "t1").messageId(), "still inside the 5-minute interval");
        clock.advance(Duration.ofSeconds(11));
        String later = send(sqs, url, "g", "tick", "t2").messageId();
        assertNotEquals(id, later, "5 minutes after the first send the id is new again");
        assertEquals(List.of("t0", "t2"), drain(sqs, url, 3));
    }

    @Test
    void contentBasedDeduplicationHashesTheBodyButNotTheAttributes() {
        String url = contentBased("cbd");
        String x = sendBody(url, "g", "same body");
        assertEquals(x, sendBody(url, "g", "same body"));
        String withAttributes = sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("g").messageBody("same body")
                .messageAttributes(Map.of("k", MessageAttributeValue.builder().dataType("String").stringValue("v").build())))
                .messageId();
        assertEquals(x, withAttributes, "attributes are not part of the hash");
        String y = sendBody(url, "g", "other body");
        assertNotEquals(x, y);
        assertEquals(List.of("same body", "other body"), drain(sqs, url, 4));
    }

    @Test
    void anExplicitDeduplicationIdOverridesTheContentHash() {
        String url = contentBased("override");
        String a = send(sqs, url, "g", "explicit-a", "payload").messageId();
        String b = send(sqs, url, "g", "explicit-b", "payload").messageId();
        assertNotEquals(a, b, "same body, different explicit ids: two messages");
        assertEquals(List.of("payload", "payload"), drain(sqs, url, 3));
    }

    @Test
    void anExplicitIdEqualToTheGeneratedOneIsADuplicate() {
        String url = contentBased("generated");
        String id = sendBody(url, "g", "hashed");
        Message m = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages().get(0);
        String generated = m.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID);
        assertNotNull(generated, "the generated MessageDeduplicationId is reported");
        assertEquals(id, send(sqs, url, "g", generated, "a different body").messageId());
        assertEquals(List.of("hashed"), drain(sqs, url, 2));
    }

    @Test
    void queueScopeDeduplicatesAcrossGroups() {
        String url = createFifo(sqs, fifoName("scope-queue"));
        String id = send(sqs, url, "g1", "shared", "in g1").messageId();
        assertEquals(id, send(sqs, url, "g2", "shared", "in g2").messageId());
        assertEquals(List.of("in g1"), drain(sqs, url, 2));
    }

    @Test
    void messageGroupScopeDeduplicatesWithinEachGroupOnly() {
        String url = createFifo(sqs, fifoName("scope-group"), Map.of(QueueAttributeName.DEDUPLICATION_SCOPE, "messageGroup",
                QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId"));
        String g1 = send(sqs, url, "g1", "shared", "in g1").messageId();
        String g2 = send(sqs, url, "g2", "shared", "in g2").messageId();
        assertNotEquals(g1, g2, "same id in two groups: two messages");
        assertEquals(g1, send(sqs, url, "g1", "shared", "in g1 again").messageId());
        List<String> got = drain(sqs, url, 3);
        assertEquals(2, got.size(), "delivered: " + got);
        assertTrue(got.containsAll(List.of("in g1", "in g2")), "delivered: " + got);
    }

    @Test
    void duplicatesWithinOneBatchAreAcceptedButDeliveredOnce() {
        String url = createFifo(sqs, fifoName("batch-dup"));
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("a").messageGroupId("g").messageDeduplicationId("same").messageBody("one").build(),
                SendMessageBatchRequestEntry.builder().id("b").messageGroupId("g").messageDeduplicationId("same").messageBody("two").build(),
                SendMessageBatchRequestEntry.builder().id("c").messageGroupId("g").messageDeduplicationId("diff").messageBody("three").build()));
        assertEquals(List.of(), r.failed());
        assertEquals(3, r.successful().size());
        String idA = r.successful().stream().filter(e -> e.id().equals("a")).findFirst().orElseThrow().messageId();
        String idB = r.successful().stream().filter(e -> e.id().equals("b")).findFirst().orElseThrow().messageId();
        assertEquals(idA, idB);
        assertEquals(List.of("one", "three"), drain(sqs, url, 3));
    }

    @Test
    void aDuplicateDoesNotChangeTheQueueCounts() {
        String url = createFifo(sqs, fifoName("counts"));
        send(sqs, url, "g", "d", "x");
        send(sqs, url, "g", "d", "x");
        send(sqs, url, "g", "d", "x");
        assertEquals(1, Fifo.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
