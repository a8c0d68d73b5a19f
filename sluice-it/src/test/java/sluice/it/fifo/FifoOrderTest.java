package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.fifo.Fifo.bodies;
import static sluice.it.fifo.Fifo.createFifo;
import static sluice.it.fifo.Fifo.delete;
import static sluice.it.fifo.Fifo.fifoName;
import static sluice.it.fifo.Fifo.receive;
import static sluice.it.fifo.Fifo.send;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Ordering and group locking of FIFO queues ("FIFO queue delivery logic" and "Using the message
 * group ID" in the Developer Guide): messages of a group come in the order sent; while a message of
 * a group is in flight no later message of that group is returned, other groups still flow; when
 * the visibility timeout lapses, the group starts again at its first undeleted message. The server
 * runs on a manual clock so that visibility timeouts lapse exactly when the test says.
 */
class FifoOrderTest extends ManualClockServerBase {
    private static String fifo(String prefix) {
        return createFifo(sqs, fifoName(prefix), Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
    }

    private static void sendAll(String url, String group, List<String> bodies) {
        for (String body : bodies) {
            sqs.sendMessage(b -> b.queueUrl(url).messageGroupId(group).messageBody(body));
        }
    }

    private static List<String> numbered(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    @Test
    void aGroupIsReceivedInTheOrderSentAcrossSeveralReceives() {
        String url = fifo("order");
        List<String> sent = numbered("m", 20);
        sendAll(url, "g", sent);
        List<String> got = new ArrayList<>();
        int[] sizes = {3, 1, 10, 4};
        for (int i = 0; i < 40 && got.size() < sent.size(); i++) {
            int size = sizes[i % sizes.length];
            List<Message> batch = receive(sqs, url, size);
            assertFalse(batch.isEmpty(), "receive " + i + " after " + got);
            assertTrue(batch.size() <= size);
            for (Message m : batch) {
                got.add(m.body());
                delete(sqs, url, m);
            }
        }
        assertEquals(sent, got);
        assertTrue(receive(sqs, url, 10).isEmpty(), "nothing left");
    }

    @Test
    void whileAMessageOfAGroupIsInFlightTheGroupIsLockedButOtherGroupsFlow() {
        String url = fifo("lock");
        sendAll(url, "a", List.of("a1", "a2", "a3"));
        sendAll(url, "b", List.of("b1", "b2"));

        List<Message> first = receive(sqs, url, 1);
        assertEquals(List.of("a1"), bodies(first), "the oldest message first");
        List<Message> second = receive(sqs, url, 10);
        assertEquals(List.of("b1", "b2"), bodies(second), "only group b while a1 is in flight");
        assertTrue(receive(sqs, url, 10).isEmpty(), "both groups are locked");

        delete(sqs, url, second.get(0));
        assertTrue(receive(sqs, url, 10).isEmpty(), "b is still locked by b2, a by a1");
        delete(sqs, url, first.get(0));
        List<Message> third = receive(sqs, url, 10);
        assertEquals(List.of("a2", "a3"), bodies(third), "a resumes after a1 is deleted");
    }

    @Test
    void whenTheVisibilityTimeoutLapsesTheGroupStartsAgainAtItsFirstUndeletedMessage() {
        String url = fifo("lapse");
        List<String> sent = numbered("v", 5);
        sendAll(url, "g", sent);
        List<Message> got = Fifo.receive(sqs, url, 2, 30);
        assertEquals(List.of("v-0", "v-1"), bodies(got));
        delete(sqs, url, got.get(0));

        clock.advance(Duration.ofSeconds(20));
        assertTrue(receive(sqs, url, 10).isEmpty(), "v-1 is still in flight, so the group is locked");

        clock.advance(Duration.ofSeconds(11));
        List<Message> again = receive(sqs, url, 10);
        assertEquals(sent.subList(1, 5), bodies(again), "the group again, from the undeleted v-1");
        assertEquals("2", again.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertEquals("1", again.get(1).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    }

    @Test
    void theQueueVisibilityTimeoutAlsoLocksAndReleasesTheGroup() {
        String url = createFifo(sqs, fifoName("qvis"), Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, "60"));
        sendAll(url, "g", List.of("q1", "q2"));
        assertEquals(List.of("q1"), bodies(receive(sqs, url, 1)));
        clock.advance(Duration.ofSeconds(59));
        assertTrue(receive(sqs, url, 10).isEmpty(), "locked for the queue's 60 s");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of("q1", "q2"), bodies(receive(sqs, url, 10)));
    }

    @Test
    void changingTheVisibilityOfTheInFlightMessageToZeroReleasesItsGroup() {
        String url = fifo("release");
        sendAll(url, "g", List.of("r1", "r2"));
        Message r1 = receive(sqs, url, 1).get(0);
        assertTrue(receive(sqs, url, 10).isEmpty());
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(r1.receiptHandle()).visibilityTimeout(0));
        assertEquals(List.of("r1", "r2"), bodies(receive(sqs, url, 10)));
    }

    @Test
    void batchSendsKeepTheOrderOfTheirEntriesWithinEachGroup() {
        String url = fifo("batch");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("x", new ArrayList<>());
        expected.put("y", new ArrayList<>());
        for (int batch = 0; batch < 3; batch++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String group = (i % 3 == 0) ? "y" : "x";
                String body = group + "-" + batch + "-" + i;
                expected.get(group).add(body);
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageGroupId(group).messageBody(body).build());
            }
            assertEquals(10, sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).successful().size());
        }
        Map<String, List<String>> got = new LinkedHashMap<>();
        got.put("x", new ArrayList<>());
        got.put("y", new ArrayList<>());
        for (int round = 0; round < 20 && got.values().stream().mapToInt(List::size).sum() < 30; round++) {
            for (Message m : receive(sqs, url, 10)) {
                got.get(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).add(m.body());
                delete(sqs, url, m);
            }
        }
        assertEquals(expected, got);
    }

    @Test
    void interleavedGroupsEachKeepTheirOrder() {
        String url = fifo("interleave");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            String group = "g" + (i % 4);
            String body = group + "#" + i;
            expected.computeIfAbsent(group, k -> new ArrayList<>()).add(body);
            send(sqs, url, group, "d" + i, body);
        }
        Map<String, List<String>> got = new LinkedHashMap<>();
        for (int round = 0; round < 20 && got.values().stream().mapToInt(List::size).sum() < 12; round++) {
            List<Message> batch = receive(sqs, url, 3);
            for (Message m : batch) {
                got.computeIfAbsent(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID), k -> new ArrayList<>())
                        .add(m.body());
                delete(sqs, url, m);
            }
        }
        assertEquals(expected, got);
    }
}
