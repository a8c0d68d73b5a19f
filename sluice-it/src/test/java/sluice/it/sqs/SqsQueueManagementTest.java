package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectError;
import static sluice.it.sqs.SqsClients.expectInvalidParameter;
import static sluice.it.sqs.SqsClients.expectNonExistentQueue;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidAddressException;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDeletedRecentlyException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import sluice.common.ManualClock;
import sluice.testkit.SluiceTestServer;

/** CreateQueue, GetQueueUrl, ListQueues and DeleteQueue through the AWS SDK (JSON 1.0). */
class SqsQueueManagementTest extends SqsServerBase {
    @Test
    void createQueueReturnsTheQueueUrlOfTheServer() {
        String name = uniqueName("create");
        String url = createQueue(sqs, name);
        assertEquals(server.queueUrl(name), url);
        assertEquals(url, sqs.getQueueUrl(b -> b.queueName(name)).queueUrl());
    }

    @Test
    void createQueueIsIdempotentWithEqualAttributes() {
        String name = uniqueName("idem");
        Map<QueueAttributeName, String> attributes = Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45",
                QueueAttributeName.DELAY_SECONDS, "3");
        String first = createQueue(sqs, name, attributes);
        assertEquals(first, createQueue(sqs, name, attributes));
        // naming only some of the queue's attributes, with their values, is still the same queue
        assertEquals(first, createQueue(sqs, name, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45")));
        assertEquals(first, createQueue(sqs, name));
        assertEquals("45", SqsClients.attribute(sqs, first, QueueAttributeName.VISIBILITY_TIMEOUT));
    }

    @Test
    void createQueueWithADifferentAttributeValueFails() {
        String name = uniqueName("differs");
        String url = createQueue(sqs, name, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45"));
        expectError(QueueNameExistsException.class, "QueueAlreadyExists", 400,
                () -> createQueue(sqs, name, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "46")));
        expectError(QueueNameExistsException.class, "QueueAlreadyExists", 400,
                () -> createQueue(sqs, name, Map.of(QueueAttributeName.DELAY_SECONDS, "5")));
        assertEquals("45", SqsClients.attribute(sqs, url, QueueAttributeName.VISIBILITY_TIMEOUT), "the queue is unchanged");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "dot.in.name", "slash/name", "star*", "é-accent"})
    void createQueueRejectsNamesWithInvalidCharacters(String name) {
        expectInvalidParameter(() -> createQueue(sqs, name));
    }

    @Test
    void createQueueAcceptsEightyCharactersAndRejectsEightyOne() {
        String base = uniqueName("n80_").replace('-', '_');
        String longest = base + "a".repeat(80 - base.length());
        assertEquals(server.queueUrl(longest), createQueue(sqs, longest));
        expectInvalidParameter(() -> createQueue(sqs, longest + "b"));
    }

    @Test
    void getQueueUrlHonoursTheOwnerAccount() {
        String name = uniqueName("owner");
        String url = createQueue(sqs, name);
        assertEquals(url, sqs.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId(SluiceTestServer.ACCOUNT)).queueUrl());
        expectNonExistentQueue(() -> sqs.getQueueUrl(b -> b.queueName(name).queueOwnerAWSAccountId("111122223333")));
    }

    @Test
    void getQueueUrlOfAnUnknownQueueFails() {
        expectNonExistentQueue(() -> sqs.getQueueUrl(b -> b.queueName(uniqueName("nobody"))));
    }

    @Test
    void listQueuesFiltersByPrefix() {
        String prefix = uniqueName("lp");
        Set<String> expected = new HashSet<>();
        for (String suffix : List.of("a", "b", "c")) {
            expected.add(createQueue(sqs, prefix + "-" + suffix));
        }
        createQueue(sqs, uniqueName("other"));
        ListQueuesResponse listed = sqs.listQueues(b -> b.queueNamePrefix(prefix));
        assertEquals(expected, new HashSet<>(listed.queueUrls()));
        assertNull(listed.nextToken());
        assertTrue(sqs.listQueues(b -> b.queueNamePrefix(prefix + "-zzz")).queueUrls().isEmpty());
        assertTrue(sqs.listQueues().queueUrls().containsAll(expected), "without a prefix every queue is listed");
    }

    @Test
    void listQueuesPagesWithMaxResultsAndNextToken() {
        String prefix = uniqueName("page");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            expected.add(createQueue(sqs, prefix + "-" + i));
        }
        SqsClients.Listing listed = SqsClients.listAll(
                next -> sqs.listQueues(b -> b.queueNamePrefix(prefix).maxResults(3).nextToken(next)),
                ListQueuesResponse::queueUrls, ListQueuesResponse::nextToken);
        assertEquals(List.of(3, 3, 1), listed.pageSizes());
        assertEquals(7, listed.urls().size(), "no queue listed twice");
        assertEquals(expected, new HashSet<>(listed.urls()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1001})
    void listQueuesRejectsMaxResultsOutOfRange(int maxResults) {
        expectInvalidParameter(() -> sqs.listQueues(b -> b.maxResults(maxResults)));
    }

    @Test
    void operationsOnADeletedQueueFailWithQueueDoesNotExist() {
        String name = uniqueName("gone");
        String url = createQueue(sqs, name);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("left behind"));
        sqs.deleteQueue(b -> b.queueUrl(url));

        expectNonExistentQueue(() -> sqs.getQueueUrl(b -> b.queueName(name)));
        expectNonExistentQueue(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")));
        expectNonExistentQueue(() -> sqs.receiveMessage(b -> b.queueUrl(url)));
        expectNonExistentQueue(() -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)));
        expectNonExistentQueue(() -> sqs.deleteQueue(b -> b.queueUrl(url)));
        assertTrue(sqs.listQueues(b -> b.queueNamePrefix(name)).queueUrls().isEmpty());
    }

    @Test
    void aQueueUrlWithoutAccountAndNameIsAnInvalidAddress() {
        expectError(InvalidAddressException.class, "InvalidAddress", 404,
                () -> sqs.sendMessage(b -> b.queueUrl(server.endpoint() + "/").messageBody("x")));
    }

    @Test
    void aQueueUrlOnAnotherHostNameStillAddressesTheQueue() {
        String name = uniqueName("aws-host");
        createQueue(sqs, name);
        String awsStyle = "https://sqs.us-east-1.amazonaws.com/" + SluiceTestServer.ACCOUNT + "/" + name;
        sqs.sendMessage(b -> b.queueUrl(awsStyle).messageBody("routed by path"));
        assertEquals("routed by path", sqs.receiveMessage(b -> b.queueUrl(server.queueUrl(name))).messages().get(0).body());
    }

    @Test
    void aDeletedNameCanBeReusedOnlyAfterSixtySeconds() {
        ManualClock clock = new ManualClock(System.currentTimeMillis());
        try (SluiceTestServer timed = SluiceTestServer.start(c -> c, clock);
             SqsClient client = SqsClients.sync(timed.endpoint(), clock::millis)) {
            String name = uniqueName("recent");
            String url = createQueue(client, name, Map.of(QueueAttributeName.DELAY_SECONDS, "7"));
            client.sendMessage(b -> b.queueUrl(url).messageBody("old"));
            client.deleteQueue(b -> b.queueUrl(url));

            expectError(QueueDeletedRecentlyException.class, "AWS.SimpleQueueService.QueueDeletedRecently", 400,
                    () -> createQueue(client, name));
            clock.advance(Duration.ofSeconds(59));
            expectError(QueueDeletedRecentlyException.class, "AWS.SimpleQueueService.QueueDeletedRecently", 400,
                    () -> createQueue(client, name));
            clock.advance(Duration.ofSeconds(2));

            String again = createQueue(client, name);
            assertEquals(url, again);
            assertEquals("0", SqsClients.attribute(client, again, QueueAttributeName.DELAY_SECONDS),
                    "a new queue, not the old one's attributes");
            assertEquals("0", SqsClients.attribute(client, again, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                    "a new queue, without the old one's messages");
            assertNotNull(client.getQueueUrl(b -> b.queueName(name)).queueUrl());
        }
    }
}
