package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

/**
 * The batch actions in the query dialect: SendMessageBatch, DeleteMessageBatch and
 * ChangeMessageVisibilityBatch ({@code <Action>RequestEntry.N.*}), their
 * {@code <Action>ResultEntry} and {@code BatchResultErrorEntry} answers, and the batch-level
 * errors EmptyBatchRequest, TooManyEntriesInBatchRequest, BatchEntryIdsNotDistinct and
 * InvalidBatchEntryId.
 */
class QueryBatchTest extends QueryServerBase {
    @Test
    void sendMessageBatchSendsEveryEntry() {
        String url = queues.create("qbatch-send");
        Form form = Form.action("SendMessageBatch").add("QueueUrl", url);
        for (int i = 1; i <= 10; i++) {
            form.add("SendMessageBatchRequestEntry." + i + ".Id", "msg_" + i)
                    .add("SendMessageBatchRequestEntry." + i + ".MessageBody", "body " + i);
        }
        form.add("SendMessageBatchRequestEntry.10.DelaySeconds", 600);
        QueryResponse r = sqs.call(form);

        List<Element> ok = r.resultList("SendMessageBatch", "SendMessageBatchResultEntry");
        assertEquals(10, ok.size(), () -> r.body());
        for (Element e : ok) {
            String id = QueryResponse.text(e, "Id");
            String n = id.substring("msg_".length());
            assertEquals(MessageMd5.ofBody("body " + n), QueryResponse.text(e, "MD5OfMessageBody"), id);
            assertNotNull(QueryResponse.text(e, "MessageId"), id);
        }
        assertEquals(Map.of("ApproximateNumberOfMessages", "9", "ApproximateNumberOfMessagesDelayed", "1"),
                queues.attributes(url, "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed"));
    }

    @Test
    void sendMessageBatchReportsAFailedEntryBesideTheGoodOnes() {
        String url = queues.create("qbatch-partial");
        QueryResponse r = sqs.call(Form.action("SendMessageBatch").add("QueueUrl", url)
                .add("SendMessageBatchRequestEntry.1.Id", "good")
                .add("SendMessageBatchRequestEntry.1.MessageBody", "fine")
                .add("SendMessageBatchRequestEntry.2.Id", "bad")
                .add("SendMessageBatchRequestEntry.2.MessageBody", "too late")
                .add("SendMessageBatchRequestEntry.2.DelaySeconds", 901));
        r.ok("SendMessageBatch");

        List<Element> ok = r.resultList("SendMessageBatch", "SendMessageBatchResultEntry");
        assertEquals(List.of("good"), ok.stream().map(e -> QueryResponse.text(e, "Id")).toList());
        List<Element> failed = r.resultList("SendMessageBatch", "BatchResultErrorEntry");
        assertEquals(1, failed.size(), () -> r.body());
        Element f = failed.get(0);
        assertEquals("bad", QueryResponse.text(f, "Id"));
        assertEquals("true", QueryResponse.text(f, "SenderFault"));
        assertEquals("InvalidParameterValue", QueryResponse.text(f, "Code"));
        assertNotNull(QueryResponse.text(f, "Message"));
        assertEquals(1, queues.receive(url, Form.empty().add("MaxNumberOfMessages", 10).add("WaitTimeSeconds", 1)).size());
    }

    @Test
    void deleteMessageBatchDeletesAndReportsBadHandles() {
        String url = queues.create("qbatch-del");
        queues.send(url, "a");
        queues.send(url, "b");
        List<String> handles = receiveHandles(url, 2);

        QueryResponse r = sqs.call(Form.action("DeleteMessageBatch").add("QueueUrl", url)
                .add("DeleteMessageBatchRequestEntry.1.Id", "one")
                .add("DeleteMessageBatchRequestEntry.1.ReceiptHandle", handles.get(0))
                .add("DeleteMessageBatchRequestEntry.2.Id", "two")
                .add("DeleteMessageBatchRequestEntry.2.ReceiptHandle", handles.get(1))
                .add("DeleteMessageBatchRequestEntry.3.Id", "bogus")
                .add("DeleteMessageBatchRequestEntry.3.ReceiptHandle", "not-a-receipt-handle"));

        List<Element> ok = r.resultList("DeleteMessageBatch", "DeleteMessageBatchResultEntry");
        assertEquals(Set.of("one", "two"), Set.copyOf(ok.stream().map(e -> QueryResponse.text(e, "Id")).toList()));
        ok.forEach(e -> assertEquals(List.of("Id"), QueryResponse.childNames(e)));
        List<Element> failed = r.resultList("DeleteMessageBatch", "BatchResultErrorEntry");
        assertEquals(1, failed.size(), () -> r.body());
        assertEquals("bogus", QueryResponse.text(failed.get(0), "Id"));
        assertEquals("ReceiptHandleIsInvalid", QueryResponse.text(failed.get(0), "Code"));
        assertEquals("true", QueryResponse.text(failed.get(0), "SenderFault"));

        queues.assertEmpty(url);
    }

    @Test
    void changeMessageVisibilityBatchChangesEachEntry() {
        String url = queues.create("qbatch-cmv");
        queues.send(url, "a");
        queues.send(url, "b");
        List<String> handles = receiveHandles(url, 2);

        QueryResponse r = sqs.call(Form.action("ChangeMessageVisibilityBatch").add("QueueUrl", url)
                .add("ChangeMessageVisibilityBatchRequestEntry.1.Id", "back")
                .add("ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle", handles.get(0))
                .add("ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout", 0)
                .add("ChangeMessageVisibilityBatchRequestEntry.2.Id", "away")
                .add("ChangeMessageVisibilityBatchRequestEntry.2.ReceiptHandle", handles.get(1))
                .add("ChangeMessageVisibilityBatchRequestEntry.2.VisibilityTimeout", 600)
                .add("ChangeMessageVisibilityBatchRequestEntry.3.Id", "bogus")
                .add("ChangeMessageVisibilityBatchRequestEntry.3.ReceiptHandle", "not-a-receipt-handle")
                .add("ChangeMessageVisibilityBatchRequestEntry.3.VisibilityTimeout", 0));

        List<Element> ok = r.resultList("ChangeMessageVisibilityBatch", "ChangeMessageVisibilityBatchResultEntry");
        assertEquals(Set.of("back", "away"), Set.copyOf(ok.stream().map(e -> QueryResponse.text(e, "Id")).toList()));
        List<Element> failed = r.resultList("ChangeMessageVisibilityBatch", "BatchResultErrorEntry");
        assertEquals(List.of("bogus"), failed.stream().map(e -> QueryResponse.text(e, "Id")).toList());
        assertEquals("ReceiptHandleIsInvalid", QueryResponse.text(failed.get(0), "Code"));

        List<Element> again = queues.receive(url, Form.empty().add("MaxNumberOfMessages", 10).add("WaitTimeSeconds", 1));
        assertEquals(1, again.size(), "only the message made visible again comes back");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch"})
    void anEmptyBatchIsRejected(String action) {
        String url = queues.create("qbatch-empty");
        // an empty flattened list, as botocore's query serializer sends one
        sqs.call(Form.action(action).add("QueueUrl", url).add(action + "RequestEntry", ""))
                .error(400, "AWS.SimpleQueueService.EmptyBatchRequest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch"})
    void elevenEntriesAreTooMany(String action) {
        String url = queues.create("qbatch-many");
        Form form = Form.action(action).add("QueueUrl", url);
        for (int i = 1; i <= 11; i++) {
            entry(form, action, i, "id" + i);
        }
        sqs.call(form).error(400, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch"})
    void entryIdsMustBeDistinct(String action) {
        String url = queues.create("qbatch-dup");
        Form form = Form.action(action).add("QueueUrl", url);
        entry(form, action, 1, "same");
        entry(form, action, 2, "same");
        sqs.call(form).error(400, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct");
        assertEquals("0", queues.attributes(url, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"),
                "a rejected batch sends nothing");
    }

    @Test
    void aBatchLargerThanTheMessageSizeLimitIsBatchRequestTooLong() {
        String url = queues.create("qbatch-long");
        int max = Integer.parseInt(queues.attributes(url, "MaximumMessageSize").get("MaximumMessageSize"));
        String body = "x".repeat(max / 2 + 1);
        sqs.call(Form.action("SendMessageBatch").add("QueueUrl", url)
                .add("SendMessageBatchRequestEntry.1.Id", "a").add("SendMessageBatchRequestEntry.1.MessageBody", body)
                .add("SendMessageBatchRequestEntry.2.Id", "b").add("SendMessageBatchRequestEntry.2.MessageBody", body))
                .error(400, "AWS.SimpleQueueService.BatchRequestTooLong");
        assertEquals("0", queues.attributes(url, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
    }

    @Test
    void entryIdsMustBeAlphanumericHyphenOrUnderscore() {
        String url = queues.create("qbatch-badid");
        sqs.call(Form.action("SendMessageBatch").add("QueueUrl", url)
                .add("SendMessageBatchRequestEntry.1.Id", "not valid!")
                .add("SendMessageBatchRequestEntry.1.MessageBody", "x"))
                .error(400, "AWS.SimpleQueueService.InvalidBatchEntryId");
    }

    @Test
    void entriesAreReadByIndexNotByOrderInTheBody() {
        String url = queues.create("qbatch-index");
        QueryResponse r = sqs.call(Form.action("SendMessageBatch").add("QueueUrl", url)
                .add("SendMessageBatchRequestEntry.2.MessageBody", "second body")
                .add("SendMessageBatchRequestEntry.1.Id", "first")
                .add("SendMessageBatchRequestEntry.2.Id", "second")
                .add("SendMessageBatchRequestEntry.1.MessageBody", "first body"));
        Map<String, String> md5ById = new LinkedHashMap<>();
        for (Element e : r.resultList("SendMessageBatch", "SendMessageBatchResultEntry")) {
            md5ById.put(QueryResponse.text(e, "Id"), QueryResponse.text(e, "MD5OfMessageBody"));
        }
        assertEquals(Map.of("first", MessageMd5.ofBody("first body"), "second", MessageMd5.ofBody("second body")), md5ById);
    }

    private static void entry(Form form, String action, int n, String id) {
        String base = action + "RequestEntry." + n + ".";
        form.add(base + "Id", id);
        switch (action) {
            case "SendMessageBatch" -> form.add(base + "MessageBody", "body " + n);
            case "DeleteMessageBatch" -> form.add(base + "ReceiptHandle", "handle-" + n);
            default -> form.add(base + "ReceiptHandle", "handle-" + n).add(base + "VisibilityTimeout", 10);
        }
    }

    private List<String> receiveHandles(String url, int count) {
        List<String> handles = new ArrayList<>();
        for (int i = 0; i < 10 && handles.size() < count; i++) {
            for (Element m : queues.receive(url, Form.empty().add("MaxNumberOfMessages", 10).add("WaitTimeSeconds", 1)
                    .add("VisibilityTimeout", 600))) {
                handles.add(QueryResponse.text(m, "ReceiptHandle"));
            }
        }
        assertEquals(count, handles.size(), "messages received");
        assertTrue(handles.stream().distinct().count() == count, "distinct handles");
        return handles;
    }
}
