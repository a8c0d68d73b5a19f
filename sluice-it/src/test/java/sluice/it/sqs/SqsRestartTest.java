package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectNonExistentQueue;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import sluice.testkit.SluiceTestServer;

/**
 * A clean restart on the same data directory keeps everything that was acknowledged: queues with
 * their attributes and tags, every sent message not deleted, and no deleted message or queue.
 */
class SqsRestartTest extends SluiceServerBase {
    private static Map<QueueAttributeName, String> configured(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> all = new LinkedHashMap<>(
                sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes());
        all.keySet().removeIf(k -> k.toString().startsWith("ApproximateNumberOfMessages"));
        return all;
    }

    @Test
    void acknowledgedStateSurvivesARestart() {
        String name = uniqueName("durable");
        String deletedName = uniqueName("durable-gone");
        String dlqName = uniqueName("durable-dlq");
        Map<String, String> tags = Map.of("owner", "it", "tier", "gold");
        Set<String> expected = new HashSet<>();
        Map<QueueAttributeName, String> attributesBefore;
        String url;
        try (SqsClient sqs = SqsClients.sync(server.endpoint())) {
            createQueue(sqs, dlqName);
            String redrive = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:" + SluiceTestServer.ACCOUNT + ":" + dlqName
                    + "\",\"maxReceiveCount\":4}";
            url = sqs.createQueue(b -> b.queueName(name).tags(tags).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "45", QueueAttributeName.MESSAGE_RETENTION_PERIOD, "7200",
                    QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "4096")));
            String queueUrl = url;
            for (int i = 0; i < 20; i++) {
                String body = "single-" + i;
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)
                        .messageAttributes(Map.of("n", MessageAttributeValue.builder().dataType("Number").stringValue(body.substring(7)).build())));
                expected.add(body);
            }
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("b" + i).messageBody("batch-" + i).build());
                expected.add("batch-" + i);
            }
            assertEquals(10, sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch)).successful().size());
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("delayed").delaySeconds(2));
            expected.add("delayed");

            for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(5).visibilityTimeout(600)).messages()) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                expected.remove(m.body());
            }
            assertEquals(26, expected.size(), "five deleted");
            sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(3).visibilityTimeout(2));

            String gone = createQueue(sqs, deletedName);
            sqs.sendMessage(b -> b.queueUrl(gone).messageBody("with its queue"));
            sqs.deleteQueue(b -> b.queueUrl(gone));
            attributesBefore = configured(sqs, queueUrl);
        }

        server = server.restart();

        try (SqsClient sqs = SqsClients.sync(server.endpoint())) {
            String queueUrl = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            assertEquals(server.queueUrl(name), queueUrl);
            assertEquals(attributesBefore, configured(sqs, queueUrl));
            assertEquals(tags, sqs.listQueueTags(b -> b.queueUrl(queueUrl)).tags());
            expectNonExistentQueue(() -> sqs.getQueueUrl(b -> b.queueName(deletedName)));
            assertTrue(sqs.listQueues(b -> b.queueNamePrefix(deletedName)).queueUrls().isEmpty());
            assertEquals(Set.of(server.queueUrl(name)),
                    new HashSet<>(sqs.listDeadLetterSourceQueues(b -> b.queueUrl(server.queueUrl(dlqName))).queueUrls()));

            Set<String> received = new HashSet<>();
            SqsClients.await(Duration.ofSeconds(30), "every acknowledged message is received: " + expected, () -> {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(600)
                        .messageAttributeNames("All").waitTimeSeconds(1)).messages()) {
                    assertTrue(received.add(m.body()), "received twice: " + m.body());
                    if (m.body().startsWith("single-")) {
                        assertEquals(m.body().substring(7), m.messageAttributes().get("n").stringValue());
                    }
                }
                return received.size() >= expected.size();
            });
            assertEquals(expected, received, "exactly the acknowledged, undeleted messages");
            assertTrue(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().isEmpty(), "no deleted message came back");
        }
    }
}
