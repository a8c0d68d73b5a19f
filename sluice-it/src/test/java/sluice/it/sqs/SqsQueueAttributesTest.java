package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectError;
import static sluice.it.sqs.SqsClients.expectInvalidParameter;
import static sluice.it.sqs.SqsClients.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.ListDeadLetterSourceQueuesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import sluice.testkit.SluiceTestServer;

/** GetQueueAttributes, SetQueueAttributes and ListDeadLetterSourceQueues through the AWS SDK. */
class SqsQueueAttributesTest extends SqsServerBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<QueueAttributeName, String> all(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void allReturnsTheDefaultsOfANewQueue() {
        String name = uniqueName("defaults");
        long before = System.currentTimeMillis() / 1000;
        String url = createQueue(sqs, name);
        long after = System.currentTimeMillis() / 1000;
        Map<QueueAttributeName, String> a = all(url);

        assertEquals(SqsClients.arn(name), a.get(QueueAttributeName.QUEUE_ARN));
        assertEquals("30", a.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        assertEquals("1048576", a.get(QueueAttributeName.MAXIMUM_MESSAGE_SIZE));
        assertEquals("345600", a.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD));
        assertEquals("0", a.get(QueueAttributeName.DELAY_SECONDS));
        assertEquals("0", a.get(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS));
        assertEquals("true", a.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED));
        assertEquals("0", a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals("0", a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        assertEquals("0", a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        long created = Long.parseLong(a.get(QueueAttributeName.CREATED_TIMESTAMP));
        assertTrue(created >= before && created <= after, "CreatedTimestamp is in epoch seconds: " + created);
        assertEquals(created, Long.parseLong(a.get(QueueAttributeName.LAST_MODIFIED_TIMESTAMP)));
        assertFalse(a.containsKey(QueueAttributeName.POLICY), "no policy until one is set");
        assertFalse(a.containsKey(QueueAttributeName.REDRIVE_POLICY));
        assertFalse(a.containsKey(QueueAttributeName.UNKNOWN_TO_SDK_VERSION), "only attributes AWS defines");
    }

    @Test
    void onlyTheNamedAttributesAreReturned() {
        String url = createQueue(sqs, uniqueName("named"));
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.DELAY_SECONDS, QueueAttributeName.QUEUE_ARN)).attributes();
        assertEquals(Set.of(QueueAttributeName.DELAY_SECONDS, QueueAttributeName.QUEUE_ARN), a.keySet());
        assertTrue(sqs.getQueueAttributes(b -> b.queueUrl(url)).attributes().isEmpty(), "no names, no attributes");
    }

    @Test
    void everySettableAttributeRoundTrips() {
        String dlqName = uniqueName("rt-dlq");
        createQueue(sqs, dlqName);
        String name = uniqueName("rt");
        String url = createQueue(sqs, name);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"s1\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + SluiceTestServer.ACCOUNT + ":root\"},"
                + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + SqsClients.arn(name) + "\"}]}";
        String redrive = "{\"deadLetterTargetArn\":\"" + SqsClients.arn(dlqName) + "\",\"maxReceiveCount\":5}";
        String redriveAllow = "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"" + SqsClients.arn(name) + "\"]}";
        Map<QueueAttributeName, String> wanted = Map.of(
                QueueAttributeName.DELAY_SECONDS, "17",
                QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "2048",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "86400",
                QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "7",
                QueueAttributeName.VISIBILITY_TIMEOUT, "123",
                QueueAttributeName.KMS_MASTER_KEY_ID, "alias/aws/sqs",
                QueueAttributeName.KMS_DATA_KEY_REUSE_PERIOD_SECONDS, "600");
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(wanted));
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy,
                QueueAttributeName.REDRIVE_POLICY, redrive, QueueAttributeName.REDRIVE_ALLOW_POLICY, redriveAllow)));

        Map<QueueAttributeName, String> a = all(url);
        wanted.forEach((k, v) -> assertEquals(v, a.get(k), k.toString()));
        assertEquals("false", a.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED), "a KMS key replaces SQS-managed SSE");
        assertEquals(json(policy), json(a.get(QueueAttributeName.POLICY)));
        JsonNode readRedrive = json(a.get(QueueAttributeName.REDRIVE_POLICY));
        assertEquals(SqsClients.arn(dlqName), readRedrive.get("deadLetterTargetArn").asText());
        assertEquals(5, readRedrive.get("maxReceiveCount").asInt());
        assertEquals(json(redriveAllow), json(a.get(QueueAttributeName.REDRIVE_ALLOW_POLICY)));

        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true")));
        Map<QueueAttributeName, String> sse = all(url);
        assertEquals("true", sse.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED));
        assertFalse(sse.containsKey(QueueAttributeName.KMS_MASTER_KEY_ID), "SQS-managed SSE replaces the KMS key");
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "false")));
        assertEquals("false", SqsClients.attribute(sqs, url, QueueAttributeName.SQS_MANAGED_SSE_ENABLED));
    }

    @Test
    void attributesGivenAtCreationApply() {
        String url = createQueue(sqs, uniqueName("at-create"), Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "99",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60"));
        Map<QueueAttributeName, String> a = all(url);
        assertEquals("99", a.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        assertEquals("60", a.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD));
    }

    @Test
    void emptyPolicyRemovesIt() {
        String name = uniqueName("unpolicy");
        String url = createQueue(sqs, name);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"sqs:*\",\"Resource\":\"" + SqsClients.arn(name) + "\"}]}";
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        assertEquals(json(policy), json(SqsClients.attribute(sqs, url, QueueAttributeName.POLICY)));
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, "")));
        assertNull(SqsClients.attribute(sqs, url, QueueAttributeName.POLICY));
    }

    @Test
    void setQueueAttributesMovesLastModifiedTimestamp() {
        String url = createQueue(sqs, uniqueName("modified"));
        long created = Long.parseLong(SqsClients.attribute(sqs, url, QueueAttributeName.CREATED_TIMESTAMP));
        SqsClients.sleep(Duration.ofMillis(1100));
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.DELAY_SECONDS, "1")));
        Map<QueueAttributeName, String> a = all(url);
        assertEquals(created, Long.parseLong(a.get(QueueAttributeName.CREATED_TIMESTAMP)));
        assertTrue(Long.parseLong(a.get(QueueAttributeName.LAST_MODIFIED_TIMESTAMP)) > created,
                "LastModifiedTimestamp after SetQueueAttributes: " + a);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "DelaySeconds, -1", "DelaySeconds, 901", "DelaySeconds, soon",
        "MaximumMessageSize, 1023", "MaximumMessageSize, 1048577",
        "MessageRetentionPeriod, 59", "MessageRetentionPeriod, 1209601",
        "ReceiveMessageWaitTimeSeconds, 21", "ReceiveMessageWaitTimeSeconds, -1",
        "VisibilityTimeout, 43201", "VisibilityTimeout, -1",
        "KmsDataKeyReusePeriodSeconds, 59", "KmsDataKeyReusePeriodSeconds, 86401",
        "SqsManagedSseEnabled, maybe",
        "Policy, '{not json'",
    })
    void outOfRangeValuesAreRejected(String attribute, String value) {
        QueueAttributeName name = QueueAttributeName.fromValue(attribute);
        String url = createQueue(sqs, uniqueName("range"));
        String before = all(url).get(name);
        expectError(InvalidAttributeValueException.class, "InvalidAttributeValue", 400,
                () -> sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(name, value))));
        expectError(InvalidAttributeValueException.class, "InvalidAttributeValue", 400,
                () -> createQueue(sqs, uniqueName("range-new"), Map.of(name, value)));
        assertEquals(before, all(url).get(name), "the queue is unchanged");
    }

    @Test
    void boundaryValuesAreAccepted() {
        String url = createQueue(sqs, uniqueName("bounds"));
        Map<QueueAttributeName, String> low = Map.of(QueueAttributeName.DELAY_SECONDS, "0",
                QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024", QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60",
                QueueAttributeName.VISIBILITY_TIMEOUT, "0", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "0");
        Map<QueueAttributeName, String> high = Map.of(QueueAttributeName.DELAY_SECONDS, "900",
                QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1048576", QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600",
                QueueAttributeName.VISIBILITY_TIMEOUT, "43200", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20");
        for (Map<QueueAttributeName, String> values : List.of(low, high)) {
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(values));
            Map<QueueAttributeName, String> a = all(url);
            values.forEach((k, v) -> assertEquals(v, a.get(k), k.toString()));
        }
    }

    @Test
    void unknownAttributeNamesAreRejected() {
        String url = createQueue(sqs, uniqueName("unknown"));
        expectError(InvalidAttributeNameException.class, "InvalidAttributeName", 400,
                () -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("NoSuchAttribute")));
        expectError(InvalidAttributeNameException.class, "InvalidAttributeName", 400,
                () -> sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("NoSuchAttribute", "1"))));
        expectError(InvalidAttributeNameException.class, "InvalidAttributeName", 400,
                () -> sqs.createQueue(b -> b.queueName(uniqueName("unknown-new")).attributesWithStrings(Map.of("NoSuchAttribute", "1"))));
        expectError(InvalidAttributeNameException.class, "InvalidAttributeName", 400,
                () -> sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.QUEUE_ARN, "arn:x"))));
    }

    @Test
    void redrivePolicyMustNameAnExistingQueue() {
        String url = createQueue(sqs, uniqueName("redrive-missing"));
        String redrive = "{\"deadLetterTargetArn\":\"" + SqsClients.arn(uniqueName("absent")) + "\",\"maxReceiveCount\":3}";
        expectInvalidParameter(() -> sqs.setQueueAttributes(b -> b.queueUrl(url)
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive))));
        String dlq = uniqueName("redrive-dlq");
        createQueue(sqs, dlq);
        String tooMany = "{\"deadLetterTargetArn\":\"" + SqsClients.arn(dlq) + "\",\"maxReceiveCount\":1001}";
        expectInvalidParameter(() -> sqs.setQueueAttributes(b -> b.queueUrl(url)
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, tooMany))));
        assertNull(SqsClients.attribute(sqs, url, QueueAttributeName.REDRIVE_POLICY));
    }

    @Test
    void approximateCountsFollowEachState() {
        String url = createQueue(sqs, uniqueName("counts"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("visible-1"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("visible-2"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("delayed").delaySeconds(600));
        assertCounts(url, 2, 0, 1);

        assertEquals(1, sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(600)).messages().size());
        assertCounts(url, 1, 1, 1);

        String handle = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(600)).messages().get(0).receiptHandle();
        assertCounts(url, 0, 2, 1);

        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(handle));
        assertCounts(url, 0, 1, 1);
    }

    private static void assertCounts(String url, int visible, int notVisible, int delayed) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        assertEquals(List.of(Integer.toString(visible), Integer.toString(notVisible), Integer.toString(delayed)),
                List.of(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                        a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                        a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)),
                "visible, not visible, delayed");
    }

    @Test
    void listDeadLetterSourceQueuesNamesTheQueuesThatRedriveToIt() {
        String dlq = uniqueName("dlq");
        String dlqUrl = createQueue(sqs, dlq);
        String redrive = "{\"deadLetterTargetArn\":\"" + SqsClients.arn(dlq) + "\",\"maxReceiveCount\":2}";
        Set<String> sources = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            sources.add(createQueue(sqs, uniqueName("src"), Map.of(QueueAttributeName.REDRIVE_POLICY, redrive)));
        }
        String later = createQueue(sqs, uniqueName("src-later"));
        sqs.setQueueAttributes(b -> b.queueUrl(later).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive)));
        sources.add(later);
        createQueue(sqs, uniqueName("unrelated"));

        ListDeadLetterSourceQueuesResponse listed = sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlqUrl));
        assertEquals(sources, new HashSet<>(listed.queueUrls()));
        assertNull(listed.nextToken());

        SqsClients.Listing paged = SqsClients.listAll(
                next -> sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlqUrl).maxResults(3).nextToken(next)),
                ListDeadLetterSourceQueuesResponse::queueUrls, ListDeadLetterSourceQueuesResponse::nextToken);
        assertEquals(List.of(3, 1), paged.pageSizes());
        assertEquals(sources, new HashSet<>(paged.urls()));

        assertTrue(sqs.listDeadLetterSourceQueues(b -> b.queueUrl(later)).queueUrls().isEmpty());
        expectInvalidParameter(() -> sqs.listDeadLetterSourceQueues(b -> b.queueUrl(dlqUrl).maxResults(0)));
    }
}
