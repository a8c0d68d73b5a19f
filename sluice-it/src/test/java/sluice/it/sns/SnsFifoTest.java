package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.createQueue;
import static sluice.it.sns.SnsClients.drain;
import static sluice.it.sns.SnsClients.expectError;
import static sluice.it.sns.SnsClients.queueArn;
import static sluice.it.sns.SnsClients.subscribeQueue;
import static sluice.it.sns.SnsClients.uniqueName;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * FIFO topics delivering to FIFO queues: order within each message group, five-minute
 * deduplication (explicit ids and content-based), group and deduplication ids carried through to
 * the queue, and the rules on what may subscribe and publish.
 */
class SnsFifoTest extends SnsServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String fifoTopic(boolean contentBased) {
        String name = uniqueName("orders") + ".fifo";
        return sns.createTopic(b -> b.name(name).attributes(Map.of("FifoTopic", "true",
                "ContentBasedDeduplication", Boolean.toString(contentBased)))).topicArn();
    }

    private static String fifoQueue(String topic, boolean raw) {
        String queue = uniqueName("orders-q") + ".fifo";
        String url = createQueue(sqs, queue);
        subscribeQueue(sns, topic, queue, Map.of("RawMessageDelivery", Boolean.toString(raw)));
        return url;
    }

    @Test
    void eachGroupArrivesInPublishOrderWithItsIds() throws Exception {
        String topic = fifoTopic(false);
        String url = fifoQueue(topic, false);
        List<String> groups = List.of("alpha", "beta", "gamma");
        BigInteger lastSequence = BigInteger.ZERO;
        for (int i = 0; i < 6; i++) {
            for (String group : groups) {
                String body = group + "-" + i;
                PublishResponse r = sns.publish(b -> b.topicArn(topic).message(body).messageGroupId(group)
                        .messageDeduplicationId("d-" + body));
                BigInteger sequence = new BigInteger(r.sequenceNumber());
                assertTrue(sequence.compareTo(lastSequence) > 0, "sequence numbers increase");
                lastSequence = sequence;
            }
        }
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        for (Message m : drainFifo(url)) {
            String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            String message = JSON.readTree(m.body()).get("Message").asText();
            assertEquals("d-" + message, m.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
            byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(message);
        }
        for (String group : groups) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                expected.add(group + "-" + i);
            }
            assertEquals(expected, byGroup.get(group), group);
        }
    }

    @Test
    void theEnvelopeOfAFifoTopicCarriesTheSequenceNumber() throws Exception {
        String topic = fifoTopic(true);
        String url = fifoQueue(topic, false);
        PublishResponse r = sns.publish(b -> b.topicArn(topic).message("one").messageGroupId("g"));
        String body = drainFifo(url).get(0).body();
        assertEquals(r.sequenceNumber(), JSON.readTree(body).get("SequenceNumber").asText());
        assertEquals(r.messageId(), JSON.readTree(body).get("MessageId").asText());
    }

    @Test
    void duplicatesWithinFiveMinutesAreDeliveredOnce() {
        String topic = fifoTopic(false);
        String url = fifoQueue(topic, true);
        PublishResponse first = sns.publish(b -> b.topicArn(topic).message("pay").messageGroupId("g").messageDeduplicationId("pay-1"));
        PublishResponse again = sns.publish(b -> b.topicArn(topic).message("pay again").messageGroupId("g").messageDeduplicationId("pay-1"));
        assertEquals(first.messageId(), again.messageId());
        assertEquals(first.sequenceNumber(), again.sequenceNumber());
        List<Message> received = drainFifo(url);
        assertEquals(1, received.size());
        assertEquals("pay", received.get(0).body());
    }

    @Test
    void contentBasedDeduplicationHashesTheMessage() {
        String topic = fifoTopic(true);
        String url = fifoQueue(topic, true);
        sns.publish(b -> b.topicArn(topic).message("same").messageGroupId("g"));
        sns.publish(b -> b.topicArn(topic).message("same").messageGroupId("g"));
        sns.publish(b -> b.topicArn(topic).message("different").messageGroupId("g"));
        sns.publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("1").message("same").messageGroupId("g").build(),
                PublishBatchRequestEntry.builder().id("2").message("batch").messageGroupId("g").build()));
        List<String> bodies = drainFifo(url).stream().map(Message::body).toList();
        assertEquals(List.of("same", "different", "batch"), bodies);
    }

    @Test
    void fifoRulesOfPublishAndSubscribe() {
        String topic = fifoTopic(false);
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
                () -> sns.publish(b -> b.topicArn(topic).message("m").messageDeduplicationId("d")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or "
                        + "MessageDeduplicationId provided explicitly",
                () -> sns.publish(b -> b.topicArn(topic).message("m").messageGroupId("g")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Invalid parameter: Endpoint Reason: Please use FIFO SQS queue",
                () -> sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn("standard"))));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.subscribe(b -> b.topicArn(topic).protocol("https").endpoint("https://example.com")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("1").message("m").messageDeduplicationId("d").build())));
    }

    @Test
    void aStandardTopicPassesTheGroupToAStandardQueue() {
        String topic = sns.createTopic(b -> b.name(uniqueName("fair"))).topicArn();
        String queue = uniqueName("fair-q");
        String url = createQueue(sqs, queue);
        subscribeQueue(sns, topic, queue, Map.of("RawMessageDelivery", "true"));
        assertEquals(null, sns.publish(b -> b.topicArn(topic).message("m").messageGroupId("tenant-1")).sequenceNumber());
        Message m = drain(sqs, url).get(0);
        assertEquals("tenant-1", m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
    }

    /** Drains a FIFO queue: each receive may return only some groups, so keep going until it is empty. */
    private static List<Message> drainFifo(String url) {
        return drain(sqs, url);
    }
}
