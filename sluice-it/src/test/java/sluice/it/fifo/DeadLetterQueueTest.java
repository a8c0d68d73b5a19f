package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.fifo.Fifo.bodies;
import static sluice.it.fifo.Fifo.createFifo;
import static sluice.it.fifo.Fifo.expectRejected;
import static sluice.it.fifo.Fifo.fifoName;
import static sluice.it.fifo.Fifo.redrivePolicy;
import static sluice.it.fifo.Fifo.send;
import static sluice.it.sqs.SqsClients.arn;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import sluice.it.sqs.SqsClients;
import sluice.it.sqs.SqsServerBase;

/**
 * Dead-letter queues ("Using dead-letter queues in Amazon SQS", "Configure queue permissions for
 * dead-letter queue redrive"; SetQueueAttributes API reference for RedrivePolicy and
 * RedriveAllowPolicy): a message received more than maxReceiveCount times moves to the DLQ (a FIFO
 * one keeping its group), where it carries DeadLetterQueueSourceArn; the DLQ's RedriveAllowPolicy
 * decides which sources may name it; ListDeadLetterSourceQueues pages.
 */
class DeadLetterQueueTest extends SqsServerBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REFUSED = Set.of("InvalidParameterValue", "InvalidAttributeValue");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String allowByQueue(String... sourceNames) {
        return "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":["
                + java.util.Arrays.stream(sourceNames).map(n -> "\"" + arn(n) + "\"").collect(Collectors.joining(",")) + "]}";
    }

    private static void setRedrive(String url, String dlqName) {
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqName, 3))));
    }

    private static void setAllow(String dlqUrl, String policy) {
        sqs.setQueueAttributes(b -> b.queueUrl(dlqUrl).attributes(Map.of(QueueAttributeName.REDRIVE_ALLOW_POLICY, policy)));
    }

    private static List<Message> receiveDead(String dlqUrl, MessageSystemAttributeName... names) {
        List<Message> got = new ArrayList<>();
        SqsClients.await(PATIENCE, "a message arrives in the dead-letter queue", () -> {
            got.addAll(sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(1).waitTimeSeconds(1)
                    .visibilityTimeout(0).messageSystemAttributeNames(names)).messages());
            return !got.isEmpty();
        });
        return got;
    }

    @Test
    void aStandardMessageReceivedTooOftenMovesToTheDeadLetterQueueWithItsSourceArn() {
        String dlqName = uniqueName("dlq");
        String dlq = createQueue(sqs, dlqName, Map.of());
        String sourceName = uniqueName("src");
        String source = createQueue(sqs, sourceName, Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqName, 2)));
        String id = sqs.sendMessage(b -> b.queueUrl(source).messageBody("poison")).messageId();
        for (int i = 1; i <= 2; i++) {
            List<Message> got = Fifo.receive(sqs, source, 10, 0);
            assertEquals(List.of("poison"), bodies(got));
            assertEquals(Integer.toString(i), got.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        }
        assertTrue(Fifo.receive(sqs, source, 10, 0).isEmpty(), "the third receive does not return it");

        List<Message> dead = receiveDead(dlq, MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN,
                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        assertEquals(List.of(id), dead.stream().map(Message::messageId).toList());
        assertEquals(arn(sourceName), dead.get(0).attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN));
        assertTrue(Integer.parseInt(dead.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)) >= 1,
                "ApproximateReceiveCount in " + dead.get(0).attributes());
        assertEquals(0, Fifo.count(sqs, source, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals(0, Fifo.count(sqs, source, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));

        Message unasked = sqs.receiveMessage(b -> b.queueUrl(dlq).visibilityTimeout(0).waitTimeSeconds(1)).messages().get(0);
        assertNull(unasked.attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN), "only when asked for");
        Message all = sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages().get(0);
        assertEquals(arn(sourceName), all.attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN), "with All");
    }

    @Test
    void aFifoMessageMovesToAFifoDeadLetterQueueKeepingItsGroupAndTheGroupGoesOn() {
        String dlqName = fifoName("fdlq");
        String dlq = createFifo(sqs, dlqName);
        String sourceName = fifoName("fsrc");
        String source = createFifo(sqs, sourceName, Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqName, 2)));
        String poison = send(sqs, source, "orders-7", "p1", "poison").messageId();
        send(sqs, source, "orders-7", "p2", "next in group");

        assertEquals(List.of("poison"), bodies(Fifo.receive(sqs, source, 1, 0)));
        assertEquals(List.of("poison"), bodies(Fifo.receive(sqs, source, 1, 0)));
        List<String> after = new ArrayList<>();
        SqsClients.await(PATIENCE, "the group goes on with its next message", () -> {
            List<Message> got = Fifo.receive(sqs, source, 10, 0);
            after.clear();
            after.addAll(bodies(got));
            return !got.isEmpty();
        });
        assertEquals(List.of("next in group"), after, "the poison message is gone from the source");

        List<Message> dead = receiveDead(dlq, MessageSystemAttributeName.ALL);
        assertEquals(List.of(poison), dead.stream().map(Message::messageId).toList());
        Map<MessageSystemAttributeName, String> a = dead.get(0).attributes();
        assertEquals("orders-7", a.get(MessageSystemAttributeName.MESSAGE_GROUP_ID), "in " + a);
        assertEquals(arn(sourceName), a.get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN), "in " + a);
        assertTrue(a.containsKey(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), "in " + a);
    }

    @Test
    void redriveAllowPolicyRoundTrips() {
        String dlq = createQueue(sqs, uniqueName("allow-rt"), Map.of());
        String policy = allowByQueue("a-source", "b-source");
        setAllow(dlq, policy);
        assertEquals(json(policy), json(SqsClients.attribute(sqs, dlq, QueueAttributeName.REDRIVE_ALLOW_POLICY)));
        setAllow(dlq, "{\"redrivePermission\":\"denyAll\"}");
        assertEquals(json("{\"redrivePermission\":\"denyAll\"}"), json(SqsClients.attribute(sqs, dlq, QueueAttributeName.REDRIVE_ALLOW_POLICY)));
    }

    @Test
    void denyAllRefusesEverySource() {
        String dlqName = uniqueName("deny");
        String dlq = createQueue(sqs, dlqName, Map.of(QueueAttributeName.REDRIVE_ALLOW_POLICY, "{\"redrivePermission\":\"denyAll\"}"));
        String source = createQueue(sqs, uniqueName("deny-src"), Map.of());
        expectRejected(REFUSED, () -> setRedrive(source, dlqName));
        assertNull(SqsClients.attribute(sqs, source, QueueAttributeName.REDRIVE_POLICY));
        String newName = uniqueName("deny-new");
        expectRejected(REFUSED, () -> createQueue(sqs, newName, Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqName, 3))));
        assertTrue(sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlq)).queueUrls().isEmpty());
    }

    @Test
    void byQueueAllowsExactlyTheListedSources() {
        String allowedName = uniqueName("listed");
        String otherName = uniqueName("unlisted");
        String allowed = createQueue(sqs, allowedName, Map.of());
        String other = createQueue(sqs, otherName, Map.of());
        String dlqName = uniqueName("byqueue");
        String dlq = createQueue(sqs, dlqName, Map.of(QueueAttributeName.REDRIVE_ALLOW_POLICY, allowByQueue(allowedName)));

        expectRejected(REFUSED, () -> setRedrive(other, dlqName));
        assertNull(SqsClients.attribute(sqs, other, QueueAttributeName.REDRIVE_POLICY));
        setRedrive(allowed, dlqName);
        assertEquals(json(redrivePolicy(dlqName, 3)), json(SqsClients.attribute(sqs, allowed, QueueAttributeName.REDRIVE_POLICY)));
        assertEquals(List.of(allowed), sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlq)).queueUrls());
    }

    @Test
    void allowAllAllowsAnySource() {
        String dlqName = uniqueName("allowall");
        createQueue(sqs, dlqName, Map.of(QueueAttributeName.REDRIVE_ALLOW_POLICY, "{\"redrivePermission\":\"allowAll\"}"));
        String source = createQueue(sqs, uniqueName("any-src"), Map.of());
        setRedrive(source, dlqName);
        assertTrue(SqsClients.attribute(sqs, source, QueueAttributeName.REDRIVE_POLICY).contains(arn(dlqName)));
    }

    @Test
    void invalidRedriveAllowPoliciesAreRefused() {
        String dlq = createQueue(sqs, uniqueName("allow-bad"), Map.of());
        String[] names = IntStream.rangeClosed(1, 11).mapToObj(i -> "q" + i).toArray(String[]::new);
        List<String> invalid = List.of(
                allowByQueue(names),
                "{\"redrivePermission\":\"sometimes\"}",
                "{\"redrivePermission\":\"allowAll\",\"sourceQueueArns\":[\"" + arn("x") + "\"]}",
                "{\"redrivePermission\":\"denyAll\",\"sourceQueueArns\":[\"" + arn("x") + "\"]}",
                "not json");
        for (String policy : invalid) {
            expectRejected(REFUSED, () -> setAllow(dlq, policy));
        }
        assertNull(SqsClients.attribute(sqs, dlq, QueueAttributeName.REDRIVE_ALLOW_POLICY), "none was stored");
        setAllow(dlq, allowByQueue(java.util.Arrays.copyOf(names, 10)));
    }

    @Test
    void listDeadLetterSourceQueuesPagesFifoSources() {
        String dlqName = fifoName("list-dlq");
        String dlq = createFifo(sqs, dlqName);
        Set<String> sources = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            sources.add(createFifo(sqs, fifoName("list-src"), Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqName, 5))));
        }
        createFifo(sqs, fifoName("list-unrelated"));
        SqsClients.Listing listed = SqsClients.listAll(
                next -> sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlq).maxResults(2).nextToken(next)),
                ListDeadLetterSourceQueuesResponse::queueUrls, ListDeadLetterSourceQueuesResponse::nextToken);
        assertEquals(List.of(2, 2, 1), listed.pageSizes());
        assertEquals(sources, new HashSet<>(listed.urls()));
    }
}
