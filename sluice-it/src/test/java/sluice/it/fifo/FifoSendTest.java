package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.fifo.Fifo.createFifo;
import static sluice.it.fifo.Fifo.fifoName;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectError;
import static sluice.it.sqs.SqsClients.expectInvalidParameter;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import sluice.it.sqs.SqsServerBase;

/**
 * SendMessage and SendMessageBatch on FIFO queues (SendMessage API reference; "Amazon SQS message
 * quotas" for the MessageGroupId/MessageDeduplicationId alphabet and length): the group is
 * required, per-message delays and missing deduplication are refused, and every accepted message
 * gets a SequenceNumber that grows.
 */
class FifoSendTest extends SqsServerBase {
    /** Every character AWS allows in MessageGroupId and MessageDeduplicationId: alphanumerics and punctuation. */
    private static final String ALPHABET = "abcXYZ019!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static String fifo;

    @BeforeAll
    static void createSharedFifo() {
        fifo = createFifo(sqs, fifoName("send"));
    }

    private static int visible(String url) {
        return Fifo.count(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    /**
     * Sends a one-entry batch whose entry is invalid: AWS either fails the entry (sender fault,
     * this code) or the whole request with this code; either way nothing is sent.
     */
    private static void batchEntryRefused(String url, String code, SendMessageBatchRequestEntry entry) {
        SendMessageBatchResponse r;
        try {
            r = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entry));
        } catch (SqsException e) {
            assertEquals(code, e.awsErrorDetails().errorCode(), () -> "error was " + e.awsErrorDetails());
            assertEquals(400, e.statusCode());
            return;
        }
        assertTrue(r.successful().isEmpty(), "invalid batch entry accepted: " + r);
        assertEquals(List.of(entry.id()), r.failed().stream().map(f -> f.id()).toList());
        assertTrue(r.failed().get(0).senderFault(), "sender fault: " + r);
        assertEquals(code, r.failed().get(0).code(), "code of " + r);
    }

    @Test
    void aMessageWithoutMessageGroupIdIsRefused() {
        String url = createFifo(sqs, fifoName("nogroup"));
        expectError(SqsException.class, "MissingParameter", 400,
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageDeduplicationId("d").messageBody("x")));
        assertEquals(0, visible(url));
    }

    @Test
    void aPerMessageDelayIsRefused() {
        String url = createFifo(sqs, fifoName("delay"));
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("g").messageDeduplicationId("d")
                .delaySeconds(5).messageBody("x")));
        batchEntryRefused(url, "InvalidParameterValue", SendMessageBatchRequestEntry.builder().id("e1").messageGroupId("g")
                .messageDeduplicationId("d1").delaySeconds(5).messageBody("x").build());
        assertEquals(0, visible(url));
    }

    @Test
    void withoutDeduplicationIdAndWithoutContentBasedDeduplicationASendIsRefused() {
        String url = createFifo(sqs, fifoName("nodedup"));
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("g").messageBody("x")));
        assertEquals(0, visible(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "tab\there", "caf\u00e9", "\u00a7"})
    void aMessageGroupIdOutsideTheAlphabetIsRefused(String group) {
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(fifo).messageGroupId(group)
                .messageDeduplicationId(uniqueName("d")).messageBody("x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "caf\u00e9"})
    void aMessageDeduplicationIdOutsideTheAlphabetIsRefused(String dedup) {
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(fifo).messageGroupId("g")
                .messageDeduplicationId(dedup).messageBody("x")));
    }

    @Test
    void groupAndDeduplicationIdsMayHave128CharactersOfTheAlphabetButNotMore() {
        String url = createFifo(sqs, fifoName("long"));
        String max = (ALPHABET.repeat(4)).substring(0, 128);
        SendMessageResponse ok = Fifo.send(sqs, url, max, max, "longest");
        assertNotNull(ok.sequenceNumber());
        String tooLong = max + "a";
        expectInvalidParameter(() -> Fifo.send(sqs, url, tooLong, "d129", "x"));
        expectInvalidParameter(() -> Fifo.send(sqs, url, "g", tooLong, "x"));
        assertEquals(1, visible(url));
        assertEquals(max, Fifo.receive(sqs, url, 10).get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
    }

    @Test
    void everySendAnswersANumericSequenceNumberThatGrows() {
        String url = createFifo(sqs, fifoName("seq"));
        List<BigInteger> numbers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            SendMessageResponse r = Fifo.send(sqs, url, i % 2 == 0 ? "even" : "odd", "d" + i, "m" + i);
            assertNotNull(r.messageId());
            assertNotNull(r.md5OfMessageBody());
            String seq = r.sequenceNumber();
            assertNotNull(seq, "SequenceNumber of send " + i);
            assertTrue(seq.matches("[0-9]+"), "numeric SequenceNumber: " + seq);
            numbers.add(new BigInteger(seq));
        }
        for (int i = 1; i < numbers.size(); i++) {
            assertTrue(numbers.get(i).compareTo(numbers.get(i - 1)) > 0, "sequence numbers grow: " + numbers);
        }
    }

    @Test
    void batchEntriesAnswerGrowingSequenceNumbersInEntryOrder() {
        String url = createFifo(sqs, fifoName("batchseq"));
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageGroupId("g" + (i % 3))
                    .messageDeduplicationId("bd" + i).messageBody("b" + i).build());
        }
        BigInteger before = new BigInteger(Fifo.send(sqs, url, "g0", "first", "first").sequenceNumber());
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        assertEquals(List.of(), r.failed());
        assertEquals(10, r.successful().size());
        BigInteger previous = before;
        for (int i = 0; i < 10; i++) {
            String id = "e" + i;
            SendMessageBatchResultEntry e = r.successful().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
            assertNotNull(e.sequenceNumber(), "SequenceNumber of " + id);
            BigInteger n = new BigInteger(e.sequenceNumber());
            assertTrue(n.compareTo(previous) > 0, "entry " + id + " numbered after the one before it");
            previous = n;
        }
        BigInteger after = new BigInteger(Fifo.send(sqs, url, "g0", "last", "last").sequenceNumber());
        assertTrue(after.compareTo(previous) > 0);
    }

    @Test
    void aBatchEntryWithoutGroupFailsWhileTheOthersAreSent() {
        String url = createFifo(sqs, fifoName("batchmix"));
        SendMessageBatchResponse r;
        try {
            r = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                    SendMessageBatchRequestEntry.builder().id("good").messageGroupId("g").messageDeduplicationId("d1").messageBody("ok").build(),
                    SendMessageBatchRequestEntry.builder().id("bad").messageDeduplicationId("d2").messageBody("no group").build()));
        } catch (SqsException e) {
            // AWS may also refuse the whole request; then nothing was sent
            assertEquals("MissingParameter", e.awsErrorDetails().errorCode(), () -> "error was " + e.awsErrorDetails());
            assertEquals(0, visible(url));
            return;
        }
        assertEquals(List.of("good"), r.successful().stream().map(SendMessageBatchResultEntry::id).toList());
        assertEquals(List.of("bad"), r.failed().stream().map(f -> f.id()).toList());
        assertEquals(List.of("ok"), Fifo.drain(sqs, url, 2));
    }

    @Test
    void aStandardQueueAnswersNoSequenceNumberAndRefusesADeduplicationId() {
        String url = createQueue(sqs, uniqueName("std"), Map.of());
        assertNull(sqs.sendMessage(b -> b.queueUrl(url).messageBody("plain")).sequenceNumber());
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageDeduplicationId("d").messageBody("x")));
        batchEntryRefused(url, "InvalidParameterValue",
                SendMessageBatchRequestEntry.builder().id("e").messageDeduplicationId("d").messageBody("x").build());
        assertEquals(1, visible(url), "only the plain message");
    }
}
