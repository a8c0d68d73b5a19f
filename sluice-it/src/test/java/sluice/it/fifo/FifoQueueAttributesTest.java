package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.fifo.Fifo.createFifo;
import static sluice.it.fifo.Fifo.expectRejected;
import static sluice.it.fifo.Fifo.fifoName;
import static sluice.it.fifo.Fifo.redrivePolicy;
import static sluice.it.sqs.SqsClients.arn;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectError;
import static sluice.it.sqs.SqsClients.expectInvalidParameter;
import static sluice.it.sqs.SqsClients.expectNonExistentQueue;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import sluice.it.sqs.SqsClients;
import sluice.it.sqs.SqsServerBase;

/**
 * Creating FIFO queues (CreateQueue API reference; "Amazon SQS FIFO queues" and "High throughput
 * for FIFO queues" in the Developer Guide): the {@code .fifo} suffix and {@code FifoQueue=true}
 * go together, the FIFO-only attributes round-trip and are refused on standard queues, and a
 * dead-letter queue has the type of its source.
 */
class FifoQueueAttributesTest extends SqsServerBase {
    private static Map<QueueAttributeName, String> all(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
    }

    private static void assertNoQueue(String name) {
        expectNonExistentQueue(() -> sqs.getQueueUrl(b -> b.queueName(name)));
    }

    @Test
    void aFifoQueueHasTheFifoSuffixAndFifoQueueTrueAndDefaultsItsFifoAttributes() {
        String name = fifoName("attrs");
        String url = createFifo(sqs, name);
        assertTrue(url.endsWith("/" + name), url);
        Map<QueueAttributeName, String> all = all(url);
        assertEquals("true", all.get(QueueAttributeName.FIFO_QUEUE), "FifoQueue in " + all);
        assertEquals("false", all.get(QueueAttributeName.CONTENT_BASED_DEDUPLICATION), "ContentBasedDeduplication in " + all);
        assertEquals("queue", all.get(QueueAttributeName.DEDUPLICATION_SCOPE), "DeduplicationScope in " + all);
        assertEquals("perQueue", all.get(QueueAttributeName.FIFO_THROUGHPUT_LIMIT), "FifoThroughputLimit in " + all);
        assertEquals(arn(name), all.get(QueueAttributeName.QUEUE_ARN));
        assertEquals(url, sqs.getQueueUrl(b -> b.queueName(name)).queueUrl());

        Map<QueueAttributeName, String> named = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.FIFO_QUEUE, QueueAttributeName.DEDUPLICATION_SCOPE)).attributes();
        assertEquals(Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.DEDUPLICATION_SCOPE, "queue"), named);
    }

    @Test
    void fifoQueueTrueWithoutTheFifoSuffixIsRefused() {
        String name = uniqueName("nosuffix");
        expectInvalidParameter(() -> createFifo(sqs, name));
        assertNoQueue(name);
    }

    @Test
    void theFifoSuffixWithoutFifoQueueIsRefused() {
        String name = fifoName("noattr");
        expectInvalidParameter(() -> createQueue(sqs, name, Map.of()));
        assertNoQueue(name);
        expectInvalidParameter(() -> createQueue(sqs, name, Map.of(QueueAttributeName.FIFO_QUEUE, "false")));
        assertNoQueue(name);
    }

    @Test
    void theFifoAttributesRoundTripThroughCreateAndSetQueueAttributes() {
        String url = createFifo(sqs, fifoName("hi"), Map.of(
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true",
                QueueAttributeName.DEDUPLICATION_SCOPE, "messageGroup",
                QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId"));
        Map<QueueAttributeName, String> created = all(url);
        assertEquals("true", created.get(QueueAttributeName.CONTENT_BASED_DEDUPLICATION));
        assertEquals("messageGroup", created.get(QueueAttributeName.DEDUPLICATION_SCOPE));
        assertEquals("perMessageGroupId", created.get(QueueAttributeName.FIFO_THROUGHPUT_LIMIT));

        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false",
                QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perQueue",
                QueueAttributeName.DEDUPLICATION_SCOPE, "queue")));
        Map<QueueAttributeName, String> changed = all(url);
        assertEquals("false", changed.get(QueueAttributeName.CONTENT_BASED_DEDUPLICATION));
        assertEquals("queue", changed.get(QueueAttributeName.DEDUPLICATION_SCOPE));
        assertEquals("perQueue", changed.get(QueueAttributeName.FIFO_THROUGHPUT_LIMIT));
        assertEquals("true", changed.get(QueueAttributeName.FIFO_QUEUE));

        // messageGroup scope with the per-queue limit is a valid (normal-throughput) combination
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.DEDUPLICATION_SCOPE, "messageGroup")));
        assertEquals("messageGroup", SqsClients.attribute(sqs, url, QueueAttributeName.DEDUPLICATION_SCOPE));
    }

    @ParameterizedTest
    @CsvSource({
        "ContentBasedDeduplication, maybe",
        "DeduplicationScope, topic",
        "DeduplicationScope, ''",
        "FifoThroughputLimit, perTopic",
        "FifoThroughputLimit, perqueue",
    })
    void invalidValuesOfTheFifoAttributesAreRefused(String attribute, String value) {
        QueueAttributeName name = QueueAttributeName.fromValue(attribute);
        String queueName = fifoName("badvalue");
        expectError(InvalidAttributeValueException.class, "InvalidAttributeValue", 400,
                () -> createFifo(sqs, queueName, Map.of(name, value)));
        assertNoQueue(queueName);
        String url = createFifo(sqs, fifoName("badset"));
        expectError(InvalidAttributeValueException.class, "InvalidAttributeValue", 400,
                () -> sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(name, value))));
    }

    @Test
    void perMessageGroupIdThroughputNeedsMessageGroupDeduplicationScope() {
        String name = fifoName("hi-bad");
        expectRejected(Set.of("InvalidAttributeValue", "InvalidParameterValue"), () -> createFifo(sqs, name, Map.of(
                QueueAttributeName.DEDUPLICATION_SCOPE, "queue", QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId")));
        assertNoQueue(name);
        expectRejected(Set.of("InvalidAttributeValue", "InvalidParameterValue"), () -> createFifo(sqs, fifoName("hi-bad"),
                Map.of(QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId")));

        String url = createFifo(sqs, fifoName("hi-set"), Map.of(
                QueueAttributeName.DEDUPLICATION_SCOPE, "messageGroup", QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId"));
        expectRejected(Set.of("InvalidAttributeValue", "InvalidParameterValue"),
                () -> sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.DEDUPLICATION_SCOPE, "queue"))));
        assertEquals("messageGroup", SqsClients.attribute(sqs, url, QueueAttributeName.DEDUPLICATION_SCOPE), "unchanged");
    }

    @ParameterizedTest
    @CsvSource({
        "ContentBasedDeduplication, true",
        "ContentBasedDeduplication, false",
        "DeduplicationScope, messageGroup",
        "FifoThroughputLimit, perQueue",
    })
    void theFifoOnlyAttributesAreUnknownOnAStandardQueue(String attribute, String value) {
        QueueAttributeName name = QueueAttributeName.fromValue(attribute);
        String queueName = uniqueName("std-fifo-attr");
        expectError(InvalidAttributeNameException.class, "InvalidAttributeName", 400,
                () -> createQueue(sqs, queueName, Map.of(name, value)));
        assertNoQueue(queueName);
        String url = createQueue(sqs, uniqueName("std-set"), Map.of());
        expectError(InvalidAttributeNameException.class, "InvalidAttributeName", 400,
                () -> sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(name, value))));
        assertFalse(all(url).containsKey(name), "not set on the standard queue");
    }

    @Test
    void aStandardQueueDoesNotReportItselfAsFifo() {
        String url = createQueue(sqs, uniqueName("std"), Map.of());
        Map<QueueAttributeName, String> all = all(url);
        assertFalse("true".equals(all.get(QueueAttributeName.FIFO_QUEUE)), "FifoQueue in " + all);
        assertNull(all.get(QueueAttributeName.CONTENT_BASED_DEDUPLICATION), "ContentBasedDeduplication in " + all);
    }

    @Test
    void createQueueIsIdempotentForTheSameFifoAttributesAndRefusesDifferentOnes() {
        String name = fifoName("idem");
        Map<QueueAttributeName, String> attributes = Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
        String url = createFifo(sqs, name, attributes);
        assertEquals(url, createFifo(sqs, name, attributes));
        expectError(QueueNameExistsException.class, "QueueAlreadyExists", 400,
                () -> createFifo(sqs, name, Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")));
    }

    @Test
    void aFifoQueueNeedsAFifoDeadLetterQueueAndAStandardQueueAStandardOne() {
        String standardDlq = uniqueName("std-dlq");
        createQueue(sqs, standardDlq, Map.of());
        String fifoDlq = fifoName("fifo-dlq");
        createFifo(sqs, fifoDlq);

        String fifoSource = fifoName("fifo-src");
        expectInvalidParameter(() -> createFifo(sqs, fifoSource,
                Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(standardDlq, 3))));
        assertNoQueue(fifoSource);
        String standardSource = uniqueName("std-src");
        expectInvalidParameter(() -> createQueue(sqs, standardSource,
                Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(fifoDlq, 3))));
        assertNoQueue(standardSource);

        String fifoUrl = createFifo(sqs, fifoName("fifo-src2"));
        expectInvalidParameter(() -> sqs.setQueueAttributes(b -> b.queueUrl(fifoUrl)
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(standardDlq, 3)))));
        String standardUrl = createQueue(sqs, uniqueName("std-src2"), Map.of());
        expectInvalidParameter(() -> sqs.setQueueAttributes(b -> b.queueUrl(standardUrl)
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(fifoDlq, 3)))));
        assertNull(SqsClients.attribute(sqs, standardUrl, QueueAttributeName.REDRIVE_POLICY), "no redrive policy was set");

        sqs.setQueueAttributes(b -> b.queueUrl(fifoUrl)
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(fifoDlq, 3))));
        assertTrue(SqsClients.attribute(sqs, fifoUrl, QueueAttributeName.REDRIVE_POLICY).contains(arn(fifoDlq)));
    }
}
