package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectError;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

/** SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch: AWS's batch rules and per-entry results. */
class SqsBatchTest extends SqsServerBase {
    private static final String GARBAGE_HANDLE = "not-a-receipt-handle";

    /** The three batch operations, each given a list of entry ids (with throwaway bodies and handles). */
    private static List<Consumer<List<String>>> batchOperations(String url) {
        return List.of(
                ids -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(ids.stream()
                        .map(id -> SendMessageBatchRequestEntry.builder().id(id).messageBody("body").build()).toList())),
                ids -> sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(ids.stream()
                        .map(id -> DeleteMessageBatchRequestEntry.builder().id(id).receiptHandle(GARBAGE_HANDLE).build()).toList())),
                ids -> sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(ids.stream()
                        .map(id -> ChangeMessageVisibilityBatchRequestEntry.builder().id(id).receiptHandle(GARBAGE_HANDLE)
                                .visibilityTimeout(10).build()).toList())));
    }

    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "id-" + i).toList();
    }

    @Test
    void anEmptyBatchIsRejected() {
        String url = createQueue(sqs, uniqueName("empty"));
        for (Consumer<List<String>> op : batchOperations(url)) {
            expectError(EmptyBatchRequestException.class, "AWS.SimpleQueueService.EmptyBatchRequest", 400,
                    () -> op.accept(List.of()));
        }
    }

    @Test
    void elevenEntriesAreTooMany() {
        String url = createQueue(sqs, uniqueName("eleven"));
        for (Consumer<List<String>> op : batchOperations(url)) {
            expectError(TooManyEntriesInBatchRequestException.class, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                    400, () -> op.accept(ids(11)));
        }
        assertEquals("0", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void entryIdsMustBeDistinct() {
        String url = createQueue(sqs, uniqueName("dup"));
        for (Consumer<List<String>> op : batchOperations(url)) {
            expectError(BatchEntryIdsNotDistinctException.class, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400,
                    () -> op.accept(List.of("a", "b", "a")));
        }
        assertEquals("0", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void entryIdsMustBeWellFormed() {
        String url = createQueue(sqs, uniqueName("bad-id"));
        for (String bad : List.of("has space", "dot.id", "x".repeat(81), "")) {
            for (Consumer<List<String>> op : batchOperations(url)) {
                expectError(InvalidBatchEntryIdException.class, "AWS.SimpleQueueService.InvalidBatchEntryId", 400,
                        () -> op.accept(List.of("good", bad)));
            }
        }
        SendMessageBatchResponse ok = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("x".repeat(80)).messageBody("b").build(),
                SendMessageBatchRequestEntry.builder().id("Az09_-").messageBody("b").build()));
        assertEquals(2, ok.successful().size());
    }

    @Test
    void aBatchOverOneMebibyteInTotalIsRejected() {
        String url = createQueue(sqs, uniqueName("too-long"));
        String fits = "a".repeat(104_857);
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(ids(10).stream()
                .map(id -> SendMessageBatchRequestEntry.builder().id(id).messageBody(fits).build()).toList()));
        String over = fits + "a";
        expectError(BatchRequestTooLongException.class, "AWS.SimpleQueueService.BatchRequestTooLong", 400,
                () -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(ids(10).stream()
                        .map(id -> SendMessageBatchRequestEntry.builder().id(id).messageBody(over).build()).toList())));
        assertEquals("10", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void sendBatchReportsEachEntry() {
        String url = createQueue(sqs, uniqueName("send-mixed"));
        Map<String, MessageAttributeValue> attributes = Map.of(
                "n", MessageAttributeValue.builder().dataType("Number.float").stringValue("1.5").build(),
                "g", MessageAttributeValue.builder().dataType("Binary.gif").binaryValue(SdkBytes.fromUtf8String("GIF89a")).build());
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("plain").messageBody("one").build(),
                SendMessageBatchRequestEntry.builder().id("attrs").messageBody("two").messageAttributes(attributes).build(),
                SendMessageBatchRequestEntry.builder().id("traced").messageBody("three")
                        .messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                                MessageSystemAttributeValue.builder().dataType("String").stringValue("Root=1-abc").build())).build(),
                SendMessageBatchRequestEntry.builder().id("badchar").messageBody("bad \u0002").build(),
                SendMessageBatchRequestEntry.builder().id("baddelay").messageBody("four").delaySeconds(901).build()));

        Map<String, SendMessageBatchResultEntry> ok = r.successful().stream()
                .collect(Collectors.toMap(SendMessageBatchResultEntry::id, e -> e));
        assertEquals(Set.of("plain", "attrs", "traced"), ok.keySet());
        assertNotNull(ok.get("attrs").md5OfMessageAttributes());
        assertNotNull(ok.get("traced").md5OfMessageSystemAttributes());
        Map<String, BatchResultErrorEntry> failed = failures(r.failed());
        assertEquals(Set.of("badchar", "baddelay"), failed.keySet());
        assertEquals("InvalidMessageContents", failed.get("badchar").code());
        assertEquals("InvalidParameterValue", failed.get("baddelay").code());
        failed.values().forEach(f -> assertTrue(f.senderFault(), f.toString()));

        List<Message> received = receiveAll(url, 3);
        assertEquals(Set.of("one", "two", "three"), received.stream().map(Message::body).collect(Collectors.toSet()));
        Message two = received.stream().filter(m -> m.body().equals("two")).findFirst().orElseThrow();
        assertEquals("1.5", two.messageAttributes().get("n").stringValue());
        assertEquals(ok.get("attrs").messageId(), two.messageId());
    }

    @Test
    void deleteBatchDeletesTheGoodEntriesAndReportsTheBadOnes() {
        String url = createQueue(sqs, uniqueName("delete-mixed"));
        sendBodies(url, "a", "b", "c");
        List<Message> received = receiveAll(url, 3);
        DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(
                DeleteMessageBatchRequestEntry.builder().id("first").receiptHandle(received.get(0).receiptHandle()).build(),
                DeleteMessageBatchRequestEntry.builder().id("second").receiptHandle(received.get(1).receiptHandle()).build(),
                DeleteMessageBatchRequestEntry.builder().id("garbage").receiptHandle(GARBAGE_HANDLE).build()));
        assertEquals(Set.of("first", "second"), r.successful().stream().map(e -> e.id()).collect(Collectors.toSet()));
        Map<String, BatchResultErrorEntry> failed = failures(r.failed());
        assertEquals(Set.of("garbage"), failed.keySet());
        assertEquals("ReceiptHandleIsInvalid", failed.get("garbage").code());
        assertTrue(failed.get("garbage").senderFault());

        assertEquals("1", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(received.get(2).receiptHandle()).visibilityTimeout(0));
        assertEquals(List.of(received.get(2).body()), receiveAll(url, 1).stream().map(Message::body).toList());
    }

    @Test
    void changeVisibilityBatchChangesTheGoodEntriesAndReportsTheBadOnes() {
        String url = createQueue(sqs, uniqueName("visibility-mixed"));
        sendBodies(url, "a", "b", "c");
        List<Message> received = receiveAll(url, 3);
        ChangeMessageVisibilityBatchResponse r = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(
                ChangeMessageVisibilityBatchRequestEntry.builder().id("release").receiptHandle(received.get(0).receiptHandle())
                        .visibilityTimeout(0).build(),
                ChangeMessageVisibilityBatchRequestEntry.builder().id("toolong").receiptHandle(received.get(1).receiptHandle())
                        .visibilityTimeout(43_201).build(),
                ChangeMessageVisibilityBatchRequestEntry.builder().id("garbage").receiptHandle(GARBAGE_HANDLE)
                        .visibilityTimeout(0).build()));
        assertEquals(List.of("release"), r.successful().stream().map(e -> e.id()).toList());
        Map<String, BatchResultErrorEntry> failed = failures(r.failed());
        assertEquals(Set.of("toolong", "garbage"), failed.keySet());
        assertEquals("InvalidParameterValue", failed.get("toolong").code());
        assertEquals("ReceiptHandleIsInvalid", failed.get("garbage").code());
        failed.values().forEach(f -> assertTrue(f.senderFault(), f.toString()));

        assertEquals(List.of(received.get(0).body()),
                sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages().stream().map(Message::body).toList());
    }

    private static Map<String, BatchResultErrorEntry> failures(List<BatchResultErrorEntry> failed) {
        return failed.stream().collect(Collectors.toMap(BatchResultErrorEntry::id, e -> e));
    }

    private static void sendBodies(String url, String... bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(bodies[i]).build());
        }
        assertEquals(bodies.length, sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).successful().size());
    }

    /** Receives (hiding them for ten minutes) exactly this many messages, failing if they do not all come. */
    private static List<Message> receiveAll(String url, int count) {
        List<Message> all = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && all.size() < count; attempt++) {
            all.addAll(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(600)
                    .messageAttributeNames("All").waitTimeSeconds(1)).messages());
        }
        assertEquals(count, all.size());
        return all;
    }
}
