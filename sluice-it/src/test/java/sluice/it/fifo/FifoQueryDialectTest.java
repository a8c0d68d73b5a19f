package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.fifo.Fifo.fifoName;
import static sluice.it.fifo.QueryCall.action;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import sluice.it.sqs.SluiceServerBase;

/**
 * FIFO queues through the query dialect (form requests, XML answers): creation and attributes,
 * send with group and deduplication ids answering SequenceNumber, batch sends, ordered receive with
 * group locking, FIFO system attributes, ReceiveRequestAttemptId, deduplication, and the FIFO error
 * paths with their codes in {@code <ErrorResponse>}.
 */
class FifoQueryDialectTest extends SluiceServerBase {
    private static QueryCall.Answer call(QueryCall call) {
        return call.send(server.endpoint());
    }

    private static String createFifo(Map<String, String> extra) {
        Map<String, String> attributes = new java.util.LinkedHashMap<>();
        attributes.put("FifoQueue", "true");
        attributes.putAll(extra);
        return call(action("CreateQueue").add("QueueName", fifoName("query")).attributes(attributes))
                .resultText("CreateQueue", "QueueUrl");
    }

    private static QueryCall.Answer send(String url, String group, String dedup, String body) {
        QueryCall c = action("SendMessage").add("QueueUrl", url).add("MessageBody", body).add("MessageGroupId", group);
        if (dedup != null) {
            c.add("MessageDeduplicationId", dedup);
        }
        return call(c);
    }

    private static List<Element> receive(String url, int max, String... extra) {
        QueryCall c = action("ReceiveMessage").add("QueueUrl", url).add("MaxNumberOfMessages", max)
                .add("MessageSystemAttributeName.1", "All");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            c.add(extra[i], extra[i + 1]);
        }
        return QueryCall.children(call(c).result("ReceiveMessage"), "Message");
    }

    private static List<String> bodies(List<Element> messages) {
        return messages.stream().map(m -> QueryCall.text(m, "Body")).toList();
    }

    private static Map<String, String> attributes(Element message) {
        return QueryCall.entries(message, "Attribute", "Name", "Value");
    }

    private static void delete(String url, Element message) {
        call(action("DeleteMessage").add("QueueUrl", url).add("ReceiptHandle", QueryCall.text(message, "ReceiptHandle")))
                .ok("DeleteMessage");
    }

    @Test
    void aFifoQueueIsCreatedAndReportsItsFifoAttributes() {
        String url = createFifo(Map.of("ContentBasedDeduplication", "true", "DeduplicationScope", "messageGroup",
                "FifoThroughputLimit", "perMessageGroupId"));
        assertTrue(url.endsWith(".fifo"), url);
        Map<String, String> all = QueryCall.entries(call(action("GetQueueAttributes").add("QueueUrl", url)
                .add("AttributeName.1", "All")).result("GetQueueAttributes"), "Attribute", "Name", "Value");
        assertEquals("true", all.get("FifoQueue"), "in " + all);
        assertEquals("true", all.get("ContentBasedDeduplication"), "in " + all);
        assertEquals("messageGroup", all.get("DeduplicationScope"), "in " + all);
        assertEquals("perMessageGroupId", all.get("FifoThroughputLimit"), "in " + all);
    }

    @Test
    void creationErrorsUseTheDocumentedCodes() {
        call(action("CreateQueue").add("QueueName", uniqueName("nosuffix")).attributes(Map.of("FifoQueue", "true")))
                .error(400, "InvalidParameterValue");
        call(action("CreateQueue").add("QueueName", fifoName("noattr"))).error(400, "InvalidParameterValue");
        call(action("CreateQueue").add("QueueName", uniqueName("std")).attributes(Map.of("ContentBasedDeduplication", "true")))
                .error(400, "InvalidAttributeName");
        call(action("CreateQueue").add("QueueName", fifoName("badscope"))
                .attributes(Map.of("FifoQueue", "true", "DeduplicationScope", "everywhere")))
                .error(400, "InvalidAttributeValue");
    }

    @Test
    void sendAnswersAGrowingSequenceNumberAndADuplicateTheSameMessageId() {
        String url = createFifo(Map.of());
        QueryCall.Answer first = send(url, "g", "d1", "first");
        String id = first.resultText("SendMessage", "MessageId");
        String seq1 = first.resultText("SendMessage", "SequenceNumber");
        assertNotNull(seq1, "SequenceNumber in " + first);
        assertTrue(seq1.matches("[0-9]+"), seq1);
        String seq2 = send(url, "g", "d2", "second").resultText("SendMessage", "SequenceNumber");
        assertTrue(new BigInteger(seq2).compareTo(new BigInteger(seq1)) > 0, seq1 + " then " + seq2);

        assertEquals(id, send(url, "g", "d1", "first again").resultText("SendMessage", "MessageId"));
        List<String> got = new ArrayList<>();
        for (Element m : receive(url, 10)) {
            got.add(QueryCall.text(m, "Body"));
            delete(url, m);
        }
        assertEquals(List.of("first", "second"), got);
    }

    @Test
    void sendErrorsUseTheDocumentedCodes() {
        String url = createFifo(Map.of());
        call(action("SendMessage").add("QueueUrl", url).add("MessageBody", "x").add("MessageDeduplicationId", "d"))
                .error(400, "MissingParameter");
        send(url, "g", null, "no dedup id").error(400, "InvalidParameterValue");
        call(action("SendMessage").add("QueueUrl", url).add("MessageBody", "x").add("MessageGroupId", "g")
                .add("MessageDeduplicationId", "d").add("DelaySeconds", 3)).error(400, "InvalidParameterValue");
        send(url, "bad group", "d", "x").error(400, "InvalidParameterValue");
        send(url, "g", "d".repeat(129), "x").error(400, "InvalidParameterValue");

        String standard = call(action("CreateQueue").add("QueueName", uniqueName("qstd"))).resultText("CreateQueue", "QueueUrl");
        call(action("SendMessage").add("QueueUrl", standard).add("MessageBody", "x").add("MessageDeduplicationId", "d"))
                .error(400, "InvalidParameterValue");
        assertTrue(receive(url, 10).isEmpty(), "nothing was sent");
    }

    @Test
    void batchEntriesAnswerSequenceNumbersAndKeepTheirOrder() {
        String url = createFifo(Map.of());
        QueryCall c = action("SendMessageBatch").add("QueueUrl", url);
        for (int i = 1; i <= 5; i++) {
            String p = "SendMessageBatchRequestEntry." + i + ".";
            c.add(p + "Id", "e" + i).add(p + "MessageBody", "b" + i).add(p + "MessageGroupId", "g")
                    .add(p + "MessageDeduplicationId", "bd" + i);
        }
        Element result = call(c).result("SendMessageBatch");
        List<Element> entries = QueryCall.children(result, "SendMessageBatchResultEntry");
        assertEquals(5, entries.size(), "entries");
        assertTrue(QueryCall.children(result, "BatchResultErrorEntry").isEmpty());
        BigInteger previous = BigInteger.ZERO;
        for (int i = 1; i <= 5; i++) {
            String id = "e" + i;
            Element e = entries.stream().filter(x -> id.equals(QueryCall.text(x, "Id"))).findFirst().orElseThrow();
            BigInteger seq = new BigInteger(QueryCall.text(e, "SequenceNumber"));
            assertTrue(seq.compareTo(previous) > 0, "entry " + id);
            previous = seq;
        }
        assertEquals(List.of("b1", "b2", "b3", "b4", "b5"), bodies(receive(url, 10)));
    }

    @Test
    void receiveKeepsGroupOrderLocksTheGroupAndReportsFifoAttributes() {
        String url = createFifo(Map.of());
        String seq = send(url, "a", "a1", "a1").resultText("SendMessage", "SequenceNumber");
        send(url, "a", "a2", "a2");
        send(url, "b", "b1", "b1");

        List<Element> first = receive(url, 1);
        assertEquals(List.of("a1"), bodies(first));
        Map<String, String> attrs = attributes(first.get(0));
        assertEquals("a", attrs.get("MessageGroupId"), "in " + attrs);
        assertEquals("a1", attrs.get("MessageDeduplicationId"), "in " + attrs);
        assertEquals(seq, attrs.get("SequenceNumber"), "in " + attrs);

        assertEquals(List.of("b1"), bodies(receive(url, 10)), "group a is locked while a1 is in flight");
        delete(url, first.get(0));
        assertEquals(List.of("a2"), bodies(receive(url, 10)));

        send(url, "c", "c1", "c1");
        List<Element> legacy = QueryCall.children(call(action("ReceiveMessage").add("QueueUrl", url).add("AttributeName.1", "All"))
                .result("ReceiveMessage"), "Message");
        assertEquals(List.of("c1"), bodies(legacy));
        assertEquals("c", attributes(legacy.get(0)).get("MessageGroupId"), "with the legacy AttributeName.N");
    }

    @Test
    void aRetriedReceiveWithTheSameAttemptIdAnswersTheSameMessages() {
        String url = createFifo(Map.of());
        send(url, "g", "r1", "r1");
        send(url, "h", "r2", "r2");
        List<Element> first = receive(url, 10, "ReceiveRequestAttemptId", "query-attempt", "VisibilityTimeout", "60");
        assertEquals(2, first.size());
        List<Element> retried = receive(url, 10, "ReceiveRequestAttemptId", "query-attempt", "VisibilityTimeout", "60");
        assertEquals(first.stream().map(m -> QueryCall.text(m, "MessageId")).toList(),
                retried.stream().map(m -> QueryCall.text(m, "MessageId")).toList());
        assertEquals(first.stream().map(m -> QueryCall.text(m, "ReceiptHandle")).toList(),
                retried.stream().map(m -> QueryCall.text(m, "ReceiptHandle")).toList());
        assertTrue(receive(url, 10, "ReceiveRequestAttemptId", "other-attempt").isEmpty());
        retried.forEach(m -> delete(url, m));
        assertTrue(receive(url, 10).isEmpty(), "the retried receipt handles deleted both");
    }
}
