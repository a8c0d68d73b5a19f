package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static sluice.it.sns.SnsClients.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import sluice.testkit.SluiceTestServer;

/**
 * The SubscriptionConfirmation of an HTTP subscription is retried as its delivery policy says ("this
 * applies to all messages, including the subscription confirmation message"), with the same
 * message id and body, until the endpoint takes it; a scheduled retry survives a restart.
 */
class SnsConfirmationRetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFailingEndpointGetsTheConfirmationAgainUntilItTakesIt() throws Exception {
        try (SluiceTestServer server = SluiceTestServer.start(); SnsClient sns = SnsClients.sns(server.endpoint());
             HttpEndpoint endpoint = new HttpEndpoint()) {
            String topic = sns.createTopic(b -> b.name(uniqueName("confirm-retry")).attributes(Map.of("DeliveryPolicy",
                    "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":3,\"numNoDelayRetries\":3}}}"))).topicArn();
            endpoint.failNext(2, 500);
            sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(endpoint.url("/flaky")));
            HttpEndpoint.Received first = endpoint.next();
            assertEquals("SubscriptionConfirmation", first.header("x-amz-sns-message-type"));
            for (int retry = 1; retry <= 2; retry++) {
                HttpEndpoint.Received again = endpoint.next();
                assertEquals(first.header("x-amz-sns-message-id"), again.header("x-amz-sns-message-id"), "retry " + retry);
                assertEquals(first.body(), again.body());
            }
            assertNull(endpoint.poll(500), "no attempt after the endpoint took it");
            JsonNode confirmation = JSON.readTree(first.body());
            String arn = sns.confirmSubscription(b -> b.topicArn(topic).token(confirmation.get("Token").asText()))
                    .subscriptionArn();
            assertEquals("false", sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes()
                    .get("PendingConfirmation"));
        }
    }

    @Test
    void aScheduledConfirmationRetryHappensAfterRestart() throws Exception {
        SluiceTestServer server = SluiceTestServer.start();
        try (HttpEndpoint endpoint = new HttpEndpoint()) {
            String messageId;
            try (SnsClient sns = SnsClients.sns(server.endpoint())) {
                String topic = sns.createTopic(b -> b.name(uniqueName("confirm-restart")).attributes(Map.of("DeliveryPolicy",
                        "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":1,\"minDelayTarget\":2,"
                                + "\"maxDelayTarget\":2}}}"))).topicArn();
                endpoint.answer(503);
                sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(endpoint.url("/later")));
                messageId = endpoint.next().header("x-amz-sns-message-id");
            }
            server = server.restart();
            endpoint.answer(200);
            HttpEndpoint.Received retried = endpoint.next();
            assertEquals("SubscriptionConfirmation", retried.header("x-amz-sns-message-type"));
            assertEquals(messageId, retried.header("x-amz-sns-message-id"));
        } finally {
            server.close();
        }
    }
}
