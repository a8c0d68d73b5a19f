package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import sluice.testkit.SluiceTestServer;

/**
 * SendMessage, ReceiveMessage ({@code AttributeName.N}, {@code MessageSystemAttributeName.N},
 * WaitTimeSeconds, VisibilityTimeout), DeleteMessage and ChangeMessageVisibility in the query
 * dialect, with the response shapes of the SQS API reference.
 */
class QueryMessagingTest extends QueryServerBase {
    @Test
    void sendMessageAnswersMessageIdAndBodyMd5() {
        String url = queues.create("qmsg-send");
        String body = "This is a test message";
        QueryResponse r = sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", body));

        Element result = r.result("SendMessage");
        assertEquals(MessageMd5.ofBody(body), QueryResponse.text(result, "MD5OfMessageBody"));
        String id = QueryResponse.text(result, "MessageId");
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "MessageId " + id);
        assertNull(QueryResponse.text(result, "MD5OfMessageAttributes"), "no attributes, no attribute digest");
        assertNull(QueryResponse.text(result, "SequenceNumber"), "standard queues have no SequenceNumber");
    }

    @Test
    void receiveMessageReturnsTheDocumentedMessageShape() {
        String url = queues.create("qmsg-recv");
        String body = "hello, query dialect";
        String id = queues.send(url, body);

        Element m = queues.receiveOne(url);
        assertEquals(id, QueryResponse.text(m, "MessageId"));
        assertEquals(body, QueryResponse.text(m, "Body"));
        assertEquals(MessageMd5.ofBody(body), QueryResponse.text(m, "MD5OfBody"));
        String handle = QueryResponse.text(m, "ReceiptHandle");
        assertNotNull(handle);
        assertFalse(handle.isBlank());
        assertEquals(List.of(), QueryResponse.children(m, "Attribute"), "no system attributes unless asked for");
        assertEquals(List.of(), QueryResponse.children(m, "MessageAttribute"), "no message attributes unless asked for");
    }

    @Test
    void receiveOnAnEmptyQueueHasAnEmptyResult() {
        String url = queues.create("qmsg-empty");
        QueryResponse r = sqs.call(Form.action("ReceiveMessage").add("QueueUrl", url));
        assertEquals(List.of(), QueryResponse.childNames(r.result("ReceiveMessage")));
    }

    @Test
    void maxNumberOfMessagesBoundsTheBatch() {
        String url = queues.create("qmsg-max");
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            sent.add(queues.send(url, "m" + i));
        }
        Set<String> received = new HashSet<>();
        for (int i = 0; i < 10 && received.size() < 4; i++) {
            List<Element> batch = queues.receive(url, Form.empty().add("MaxNumberOfMessages", 3).add("WaitTimeSeconds", 1));
            assertTrue(batch.size() <= 3, "more than MaxNumberOfMessages: " + batch.size());
            batch.forEach(m -> received.add(QueryResponse.text(m, "MessageId")));
        }
        assertEquals(sent, received);
    }

    @Test
    void attributeNameAllReturnsTheSystemAttributes() {
        String url = queues.create("qmsg-attrall");
        queues.send(url, "x");
        long before = System.currentTimeMillis();

        Element m = queues.receiveOne(url, Form.empty().add("AttributeName.1", "All"));
        Map<String, String> attrs = QueryResponse.entries(m, "Attribute", "Name", "Value");
        assertEquals("1", attrs.get("ApproximateReceiveCount"), "in " + attrs);
        assertNotNull(attrs.get("SenderId"), "SenderId in " + attrs);
        long sent = Long.parseLong(attrs.get("SentTimestamp"));
        long first = Long.parseLong(attrs.get("ApproximateFirstReceiveTimestamp"));
        assertTrue(Math.abs(sent - before) < 600_000, "SentTimestamp is epoch millis: " + sent);
        assertTrue(first >= sent, "first receive " + first + " before sent " + sent);
    }

    @Test
    void messageSystemAttributeNameSelectsOnlyTheNamedAttributes() {
        String url = queues.create("qmsg-sysattr");
        queues.send(url, "x");
        Element m = queues.receiveOne(url, Form.empty()
                .add("MessageSystemAttributeName.1", "ApproximateReceiveCount")
                .add("MessageSystemAttributeName.2", "SentTimestamp"));
        Map<String, String> attrs = QueryResponse.entries(m, "Attribute", "Name", "Value");
        assertEquals(Set.of("ApproximateReceiveCount", "SentTimestamp"), attrs.keySet());
    }

    @Test
    void receiveCountGrowsWithEachReceive() {
        String url = queues.create("qmsg-count");
        queues.send(url, "again");
        Element first = queues.receiveOne(url, Form.empty().add("VisibilityTimeout", 0).add("AttributeName.1", "ApproximateReceiveCount"));
        Element second = queues.receiveOne(url, Form.empty().add("AttributeName.1", "ApproximateReceiveCount"));
        assertEquals("1", QueryResponse.entries(first, "Attribute", "Name", "Value").get("ApproximateReceiveCount"));
        assertEquals("2", QueryResponse.entries(second, "Attribute", "Name", "Value").get("ApproximateReceiveCount"));
        assertNotEquals(QueryResponse.text(first, "ReceiptHandle"), QueryResponse.text(second, "ReceiptHandle"),
                "each receive gets a new receipt handle");
    }

    @Test
    void visibilityTimeoutHidesTheMessageUntilItExpires() {
        String url = queues.create("qmsg-vis");
        String id = queues.send(url, "hide me");
        queues.receiveOne(url, Form.empty().add("VisibilityTimeout", 2));

        assertEquals(List.of(), queues.receive(url, Form.empty()), "in flight messages are not received");
        Element again = queues.receiveOne(url, Form.empty().add("WaitTimeSeconds", 10));
        assertEquals(id, QueryResponse.text(again, "MessageId"));
    }

    @Test
    void waitTimeSecondsDeliversAMessageSentDuringTheWait() throws Exception {
        String url = queues.create("qmsg-wait");
        CompletableFuture<List<Element>> poll = CompletableFuture.supplyAsync(
                () -> queues.receive(url, Form.empty().add("WaitTimeSeconds", 20)));
        Thread.sleep(300);
        String id = queues.send(url, "arrived while waiting");

        List<Element> got = poll.get(30, TimeUnit.SECONDS);
        assertEquals(1, got.size(), "the long poll returned " + got.size() + " messages");
        assertEquals(id, QueryResponse.text(got.get(0), "MessageId"));
    }

    @Test
    void theQueueReceiveWaitTimeLongPollsWhenTheRequestNamesNone() throws Exception {
        String url = queues.create("qmsg-qwait", Map.of("ReceiveMessageWaitTimeSeconds", "20"));
        CompletableFuture<List<Element>> poll = CompletableFuture.supplyAsync(() -> queues.receive(url, Form.empty()));
        Thread.sleep(300);
        String id = queues.send(url, "arrived during the queue's wait");
        List<Element> got = poll.get(30, TimeUnit.SECONDS);
        assertEquals(1, got.size(), "the long poll returned " + got.size() + " messages");
        assertEquals(id, QueryResponse.text(got.get(0), "MessageId"));
    }

    @Test
    void deleteMessageRemovesItForGood() {
        String url = queues.create("qmsg-del");
        queues.send(url, "delete me");
        String handle = QueryResponse.text(queues.receiveOne(url, Form.empty().add("VisibilityTimeout", 1)), "ReceiptHandle");

        QueryResponse r = sqs.call(Form.action("DeleteMessage").add("QueueUrl", url).add("ReceiptHandle", handle));
        r.ok("DeleteMessage");
        assertEquals(List.of("ResponseMetadata"), QueryResponse.childNames(r.root()), "DeleteMessage has no Result element");

        assertEquals(List.of(), queues.receive(url, Form.empty().add("WaitTimeSeconds", 2)), "deleted message came back");
        queues.assertEmpty(url);
    }

    @Test
    void deletingWithTheSameReceiptHandleTwiceSucceeds() {
        String url = queues.create("qmsg-deltwice");
        queues.send(url, "once");
        String handle = QueryResponse.text(queues.receiveOne(url), "ReceiptHandle");
        sqs.call(Form.action("DeleteMessage").add("QueueUrl", url).add("ReceiptHandle", handle)).ok("DeleteMessage");
        sqs.call(Form.action("DeleteMessage").add("QueueUrl", url).add("ReceiptHandle", handle)).ok("DeleteMessage");
    }

    @Test
    void aMessageReceivedMoreThanMaxReceiveCountMovesToTheDeadLetterQueue() {
        String dlqName = Queues.uniqueName("qmsg-dlq");
        String dlq = queues.createNamed(dlqName, Map.of());
        String redrive = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:" + SluiceTestServer.ACCOUNT + ":" + dlqName
                + "\",\"maxReceiveCount\":\"2\"}";
        String url = queues.create("qmsg-src", Map.of("RedrivePolicy", redrive));
        String id = queues.send(url, "poison");
        queues.receiveOne(url, Form.empty().add("VisibilityTimeout", 0));
        queues.receiveOne(url, Form.empty().add("VisibilityTimeout", 0));

        assertEquals(List.of(), queues.receive(url, Form.empty().add("WaitTimeSeconds", 1)),
                "received a third time despite maxReceiveCount 2");
        Element dead = queues.receiveOne(dlq);
        assertEquals(id, QueryResponse.text(dead, "MessageId"));
        assertEquals("poison", QueryResponse.text(dead, "Body"));
    }

    @Test
    void changeMessageVisibilityToZeroMakesItVisibleAtOnce() {
        String url = queues.create("qmsg-cmv");
        String id = queues.send(url, "come back");
        String handle = QueryResponse.text(queues.receiveOne(url, Form.empty().add("VisibilityTimeout", 600)), "ReceiptHandle");
        assertEquals(List.of(), queues.receive(url, Form.empty()));

        QueryResponse r = sqs.call(Form.action("ChangeMessageVisibility").add("QueueUrl", url)
                .add("ReceiptHandle", handle).add("VisibilityTimeout", 0));
        r.ok("ChangeMessageVisibility");
        assertEquals(List.of("ResponseMetadata"), QueryResponse.childNames(r.root()));

        assertEquals(id, QueryResponse.text(queues.receiveOne(url), "MessageId"));
    }

    @Test
    void changeMessageVisibilityExtendsTheTimeout() {
        String url = queues.create("qmsg-ext");
        queues.send(url, "stay hidden");
        String handle = QueryResponse.text(queues.receiveOne(url, Form.empty().add("VisibilityTimeout", 1)), "ReceiptHandle");
        sqs.call(Form.action("ChangeMessageVisibility").add("QueueUrl", url).add("ReceiptHandle", handle)
                .add("VisibilityTimeout", 600)).ok("ChangeMessageVisibility");

        assertEquals(List.of(), queues.receive(url, Form.empty().add("WaitTimeSeconds", 3)),
                "message came back although its visibility timeout was extended");
    }

    @Test
    void delaySecondsDelaysDelivery() {
        String url = queues.create("qmsg-delay");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "later").add("DelaySeconds", 2))
                .ok("SendMessage");
        assertEquals(List.of(), queues.receive(url, Form.empty()), "delayed message delivered at once");
        assertEquals("later", QueryResponse.text(queues.receiveOne(url, Form.empty().add("WaitTimeSeconds", 10)), "Body"));
    }

    @Test
    void fifoQueueAnswersSequenceNumberAndGroupAttributes() {
        String name = Queues.uniqueName("qmsg-fifo") + ".fifo";
        QueryResponse created = sqs.call(Form.action("CreateQueue").add("QueueName", name).add("Attribute.1.Name", "FifoQueue")
                .add("Attribute.1.Value", "true"));
        Assumptions.assumeFalse(created.status() == 400
                && "AWS.SimpleQueueService.UnsupportedOperation".equals(created.errorCode()), "FIFO queues not supported yet");
        String url = created.resultText("CreateQueue", "QueueUrl");
        queues.track(url);
        QueryResponse sent = sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "first")
                .add("MessageGroupId", "g1").add("MessageDeduplicationId", "d1"));
        String sequence = sent.resultText("SendMessage", "SequenceNumber");
        assertNotNull(sequence, "SequenceNumber in " + sent);
        assertTrue(sequence.matches("[0-9]+"), "SequenceNumber " + sequence);

        Element m = queues.receiveOne(url, Form.empty().add("MessageSystemAttributeName.1", "All"));
        Map<String, String> attrs = QueryResponse.entries(m, "Attribute", "Name", "Value");
        assertEquals("g1", attrs.get("MessageGroupId"), "in " + attrs);
        assertEquals("d1", attrs.get("MessageDeduplicationId"), "in " + attrs);
        assertEquals(sequence, attrs.get("SequenceNumber"), "in " + attrs);
    }
}
