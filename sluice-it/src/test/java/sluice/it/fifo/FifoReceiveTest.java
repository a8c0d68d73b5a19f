package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.fifo.Fifo.bodies;
import static sluice.it.fifo.Fifo.createFifo;
import static sluice.it.fifo.Fifo.fifoName;
import static sluice.it.fifo.Fifo.send;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import sluice.it.sqs.SqsServerBase;

/**
 * ReceiveMessage on FIFO and fair queues: ReceiveRequestAttemptId ("Using the Amazon SQS receive
 * request attempt ID"; ReceiveMessage API reference: "During a visibility timeout, subsequent calls
 * with the same ReceiveRequestAttemptId return the same messages and receipt handles") and the FIFO
 * system attributes MessageGroupId, MessageDeduplicationId and SequenceNumber, asked for with
 * {@code All} or by name; on a standard queue with groups (a fair queue) MessageGroupId comes too.
 */
class FifoReceiveTest extends SqsServerBase {
    private static List<Message> receiveWithAttempt(String url, String attempt) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(60)
                .receiveRequestAttemptId(attempt)).messages();
    }

    @Test
    void aRetriedReceiveWithTheSameAttemptIdReturnsTheSameMessagesAndReceiptHandles() {
        String url = createFifo(sqs, fifoName("attempt"));
        for (int i = 0; i < 4; i++) {
            send(sqs, url, "g" + (i % 2), "d" + i, "m" + i);
        }
        List<Message> first = receiveWithAttempt(url, "attempt-1");
        assertEquals(Set.of("m0", "m1", "m2", "m3"), new HashSet<>(bodies(first)));

        List<Message> retried = receiveWithAttempt(url, "attempt-1");
        assertEquals(first.stream().map(Message::messageId).toList(), retried.stream().map(Message::messageId).toList(),
                "same messages, same order");
        assertEquals(first.stream().map(Message::receiptHandle).toList(), retried.stream().map(Message::receiptHandle).toList(),
                "same receipt handles");

        assertTrue(receiveWithAttempt(url, "attempt-2").isEmpty(), "a new attempt gets nothing: all groups are in flight");
        for (Message m : retried) {
            Fifo.delete(sqs, url, m);
        }
        assertEquals(0, Fifo.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                "the retried receipt handles deleted every message");
        assertEquals(0, Fifo.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void aRetriedReceiveReturnsTheSameAttributesAndDoesNotTakeMoreMessages() {
        String url = createFifo(sqs, fifoName("attempt-attrs"));
        send(sqs, url, "g", "d1", "once");
        send(sqs, url, "h", "d2", "other group");
        List<Message> first = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).visibilityTimeout(60)
                .receiveRequestAttemptId("same").messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .messages();
        assertEquals(List.of("once"), bodies(first));
        List<Message> retried = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).visibilityTimeout(60)
                .receiveRequestAttemptId("same").messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .messages();
        assertEquals(first.stream().map(Message::messageId).toList(), retried.stream().map(Message::messageId).toList());
        assertEquals("g", retried.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
        assertEquals(1, Fifo.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                "the retry took no second message");
        assertEquals(List.of("other group"), bodies(Fifo.receive(sqs, url, 10)));
    }

    @Test
    void oneReceiveNeverReturnsTheSameMessageTwiceEvenWithVisibilityTimeoutZero() {
        String fifo = createFifo(sqs, fifoName("vis0"));
        send(sqs, fifo, "g", "d", "single fifo message");
        List<Message> fromFifo = sqs.receiveMessage(b -> b.queueUrl(fifo).maxNumberOfMessages(10).visibilityTimeout(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        assertEquals(List.of("single fifo message"), bodies(fromFifo), "one message, delivered once");
        assertEquals("1", fromFifo.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));

        String standard = createQueue(sqs, uniqueName("vis0-std"), Map.of());
        sqs.sendMessage(b -> b.queueUrl(standard).messageBody("single standard message"));
        List<Message> fromStandard = sqs.receiveMessage(b -> b.queueUrl(standard).maxNumberOfMessages(10).visibilityTimeout(0)
                .waitTimeSeconds(1)).messages();
        assertEquals(List.of("single standard message"), bodies(fromStandard), "one message, delivered once");
    }

    @Test
    void allSystemAttributesOfAFifoMessageIncludeGroupDeduplicationIdAndSequenceNumber() {
        String url = createFifo(sqs, fifoName("sysattrs"));
        SendMessageResponse sent = send(sqs, url, "group-1", "dedup-1", "body");
        Message m = Fifo.receive(sqs, url, 1).get(0);
        Map<MessageSystemAttributeName, String> a = m.attributes();
        assertEquals("group-1", a.get(MessageSystemAttributeName.MESSAGE_GROUP_ID), "in " + a);
        assertEquals("dedup-1", a.get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID), "in " + a);
        assertEquals(sent.sequenceNumber(), a.get(MessageSystemAttributeName.SEQUENCE_NUMBER), "in " + a);
        assertEquals("1", a.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), "in " + a);
        assertNotNull(a.get(MessageSystemAttributeName.SENT_TIMESTAMP), "in " + a);
    }

    @Test
    void systemAttributesAskedForByNameComeAloneAndNoneComeUnasked() {
        String url = createFifo(sqs, fifoName("byname"));
        SendMessageResponse sent = send(sqs, url, "g-7", "d-7", "x");
        Message m = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.SEQUENCE_NUMBER)).messages().get(0);
        assertEquals(Map.of(MessageSystemAttributeName.SEQUENCE_NUMBER, sent.sequenceNumber()), m.attributes());

        Message both = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0).messageSystemAttributeNames(
                MessageSystemAttributeName.MESSAGE_GROUP_ID, MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages().get(0);
        assertEquals(Map.of(MessageSystemAttributeName.MESSAGE_GROUP_ID, "g-7",
                MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "d-7"), both.attributes());

        Message none = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)).messages().get(0);
        assertTrue(none.attributes().isEmpty(), "unasked attributes: " + none.attributes());
    }

    @Test
    void theLegacyAttributeNamesParameterAlsoSelectsFifoAttributes() {
        String url = createFifo(sqs, fifoName("legacy"));
        send(sqs, url, "lg", "ld", "x");
        @SuppressWarnings("deprecation")
        Message m = sqs.receiveMessage(b -> b.queueUrl(url).attributeNamesWithStrings("MessageGroupId")).messages().get(0);
        assertEquals("lg", m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID), "in " + m.attributes());
    }

    @Test
    void aFairQueueMessageCarriesItsMessageGroupIdButNoFifoAttributes() {
        String url = createQueue(sqs, uniqueName("fair-attrs"), Map.of());
        SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("tenant-a").messageBody("fair"));
        assertNull(sent.sequenceNumber(), "no SequenceNumber on a standard queue");
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("plain"));
        List<Message> got = new ArrayList<>();
        for (int i = 0; i < 5 && got.size() < 2; i++) {
            got.addAll(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());
        }
        assertEquals(Set.of("fair", "plain"), new HashSet<>(bodies(got)));
        for (Message m : got) {
            Map<MessageSystemAttributeName, String> a = m.attributes();
            if (m.body().equals("fair")) {
                assertEquals("tenant-a", a.get(MessageSystemAttributeName.MESSAGE_GROUP_ID), "in " + a);
            } else {
                assertFalse(a.containsKey(MessageSystemAttributeName.MESSAGE_GROUP_ID), "no group on a plain message: " + a);
            }
            assertFalse(a.containsKey(MessageSystemAttributeName.SEQUENCE_NUMBER), "no SequenceNumber: " + a);
            assertFalse(a.containsKey(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID), "no MessageDeduplicationId: " + a);
        }
    }
}
