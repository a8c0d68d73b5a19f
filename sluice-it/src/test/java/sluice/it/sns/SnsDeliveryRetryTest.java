package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.createQueue;
import static sluice.it.sns.SnsClients.queueArn;
import static sluice.it.sns.SnsClients.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import sluice.testkit.SluiceTestServer;

/**
 * Failed HTTP deliveries are retried as the subscription's DeliveryPolicy says, then moved to its
 * dead-letter queue (RedrivePolicy); a retry scheduled before a restart happens after it; an SQS
 * delivery to a deleted queue goes to the subscription's dead-letter queue too.
 */
class SnsDeliveryRetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Confirms an HTTP subscription through the token of its SubscriptionConfirmation. */
    static String subscribeHttp(SnsClient sns, HttpEndpoint endpoint, String topic, String path) throws Exception {
        sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(endpoint.url(path)));
        JsonNode confirmation = JSON.readTree(endpoint.next().body());
        return sns.confirmSubscription(b -> b.topicArn(topic).token(confirmation.get("Token").asText()))
                .subscriptionArn();
    }

    /** The next message of the queue, waiting for it up to 20 seconds. */
    static Message receiveOne(SqsClient sqs, String queueUrl) {
        for (int i = 0; i < 2; i++) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(10)).messages();
            if (!got.isEmpty()) {
                return got.getFirst();
            }
        }
        throw new AssertionError("no message reached " + queueUrl + " within 20 seconds");
    }

    @Test
    void failingEndpointIsRetriedPerPolicyThenDeadLettered() throws Exception {
        try (SluiceTestServer server = SluiceTestServer.start(); SnsClient sns = SnsClients.sns(server.endpoint());
             SqsClient sqs = SnsClients.sqs(server.endpoint()); HttpEndpoint endpoint = new HttpEndpoint()) {
            String dlqName = uniqueName("http-dlq");
            String dlq = createQueue(sqs, dlqName);
            String topic = sns.createTopic(b -> b.name(uniqueName("http-retry"))).topicArn();
            String arn = subscribeHttp(sns, endpoint, topic, "/failing");
            sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("DeliveryPolicy").attributeValue(
                    "{\"healthyRetryPolicy\":{\"numRetries\":2,\"numNoDelayRetries\":1,\"minDelayTarget\":1,"
                            + "\"maxDelayTarget\":1,\"backoffFunction\":\"linear\"}}"));
            sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("RedrivePolicy")
                    .attributeValue("{\"deadLetterTargetArn\":\"" + queueArn(dlqName) + "\"}"));
            endpoint.answer(500);

            String messageId = sns.publish(b -> b.topicArn(topic).message("nobody home")).messageId();
            for (int attempt = 0; attempt < 3; attempt++) {
                assertEquals(messageId, endpoint.next().header("x-amz-sns-message-id"), "attempt " + attempt);
            }
            JsonNode deadLettered = JSON.readTree(receiveOne(sqs, dlq).body());
            assertEquals("nobody home", deadLettered.get("Message").asText());
            assertEquals(messageId, deadLettered.get("MessageId").asText());
            assertNull(endpoint.poll(300), "no attempt after the last retry");
        }
    }

    @Test
    void aClientErrorAnswerCountsAsDeliveredAndIsNotRetried() throws Exception {
        try (SluiceTestServer server = SluiceTestServer.start(); SnsClient sns = SnsClients.sns(server.endpoint());
             HttpEndpoint endpoint = new HttpEndpoint()) {
            String topic = sns.createTopic(b -> b.name(uniqueName("http-4xx"))).topicArn();
            String arn = subscribeHttp(sns, endpoint, topic, "/refusing");
            sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("DeliveryPolicy").attributeValue(
                    "{\"healthyRetryPolicy\":{\"numRetries\":2,\"numNoDelayRetries\":2,\"minDelayTarget\":1,"
                            + "\"maxDelayTarget\":1,\"backoffFunction\":\"linear\"}}"));
            endpoint.answer(403);

            String messageId = sns.publish(b -> b.topicArn(topic).message("not for you")).messageId();
            assertEquals(messageId, endpoint.next().header("x-amz-sns-message-id"));
            assertNull(endpoint.poll(1_500), "a 4xx is the endpoint's answer, not a failure to retry");
        }
    }

    @Test
    void throttlePolicyPacesDeliveriesToTheEndpoint() throws Exception {
        try (SluiceTestServer server = SluiceTestServer.start(); SnsClient sns = SnsClients.sns(server.endpoint());
             HttpEndpoint endpoint = new HttpEndpoint()) {
            String topic = sns.createTopic(b -> b.name(uniqueName("http-throttle"))).topicArn();
            String arn = subscribeHttp(sns, endpoint, topic, "/paced");
            sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("DeliveryPolicy")
                    .attributeValue("{\"throttlePolicy\":{\"maxReceivesPerSecond\":1}}"));
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                String message = "paced " + i;
                sns.publish(b -> b.topicArn(topic).message(message));
            }
            for (int i = 0; i < 3; i++) {
                assertNotNull(endpoint.next(), "delivery " + i);
            }
            // one a second: the third may not arrive before two intervals have passed, however fast the machine
            assertTrue(System.nanoTime() - start >= 1_900_000_000L, "three deliveries at 1/s took under 2 s");
        }
    }

    @Test
    void scheduledRetryHappensAfterRestart() throws Exception {
        SluiceTestServer server = SluiceTestServer.start();
        try (HttpEndpoint endpoint = new HttpEndpoint()) {
            String messageId;
            try (SnsClient sns = SnsClients.sns(server.endpoint())) {
                String topic = sns.createTopic(b -> b.name(uniqueName("http-restart"))).topicArn();
                String arn = subscribeHttp(sns, endpoint, topic, "/later");
                sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("DeliveryPolicy").attributeValue(
                        "{\"healthyRetryPolicy\":{\"numRetries\":1,\"minDelayTarget\":2,\"maxDelayTarget\":2}}"));
                endpoint.answer(503);
                messageId = sns.publish(b -> b.topicArn(topic).message("after the restart")).messageId();
                assertEquals(messageId, endpoint.next().header("x-amz-sns-message-id"));
            }
            server = server.restart();
            endpoint.answer(200);
            HttpEndpoint.Received retried = endpoint.next();
            assertEquals(messageId, retried.header("x-amz-sns-message-id"));
            assertEquals("after the restart", JSON.readTree(retried.body()).get("Message").asText());
        } finally {
            server.close();
        }
    }

    @Test
    void sqsDeliveryToADeletedQueueIsDeadLettered() {
        try (SluiceTestServer server = SluiceTestServer.start(); SnsClient sns = SnsClients.sns(server.endpoint());
             SqsClient sqs = SnsClients.sqs(server.endpoint())) {
            String queueName = uniqueName("gone");
            String dlqName = uniqueName("gone-dlq");
            String queue = createQueue(sqs, queueName);
            String dlq = createQueue(sqs, dlqName);
            String topic = sns.createTopic(b -> b.name(uniqueName("sqs-dlq"))).topicArn();
            SnsClients.subscribeQueue(sns, topic, queueName, Map.of("RedrivePolicy",
                    "{\"deadLetterTargetArn\":\"" + queueArn(dlqName) + "\"}", "RawMessageDelivery", "true"));
            sqs.deleteQueue(b -> b.queueUrl(queue));
            sns.publish(b -> b.topicArn(topic).message("queue is gone"));
            List<Message> dead = SnsClients.drain(sqs, dlq);
            assertFalse(dead.isEmpty(), "the message is in the dead-letter queue once Publish returns");
            assertEquals("queue is gone", dead.getFirst().body());
        }
    }
}
