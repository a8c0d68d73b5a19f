package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.Subscription;
import sluice.testkit.SluiceTestServer;

/**
 * HTTP subscriptions as AWS runs them: the SubscriptionConfirmation posted on Subscribe, confirmed
 * by an unsigned GET of its SubscribeURL or by ConfirmSubscription with its token; notifications
 * posted with SNS's headers and a signature a subscriber verifies with the certificate at
 * SigningCertURL; raw delivery posting the bare message; an UnsubscribeConfirmation on Unsubscribe.
 */
class SnsHttpDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SluiceTestServer server;
    private static SnsClient sns;

    @BeforeAll
    static void start() {
        server = SluiceTestServer.start();
        sns = SnsClients.sns(server.endpoint());
    }

    @AfterAll
    static void stop() {
        sns.close();
        server.close();
    }

    @Test
    void confirmedBySubscribeUrlThenNotifiedThenUnsubscribed() throws Exception {
        try (HttpEndpoint endpoint = new HttpEndpoint()) {
            String topic = sns.createTopic(b -> b.name(uniqueName("http"))).topicArn();
            String url = endpoint.url("/hook");
            assertEquals("pending confirmation", sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(url))
                    .subscriptionArn());

            HttpEndpoint.Received confirmation = endpoint.next();
            assertEquals("POST", confirmation.method());
            assertEquals("/hook", confirmation.path());
            assertEquals("SubscriptionConfirmation", confirmation.header("x-amz-sns-message-type"));
            assertEquals(topic, confirmation.header("x-amz-sns-topic-arn"));
            assertEquals("text/plain; charset=UTF-8", confirmation.header("content-type"));
            JsonNode body = JSON.readTree(confirmation.body());
            assertEquals("SubscriptionConfirmation", body.get("Type").asText());
            assertEquals(confirmation.header("x-amz-sns-message-id"), body.get("MessageId").asText());
            assertEquals(topic, body.get("TopicArn").asText());
            assertEquals("1", body.get("SignatureVersion").asText());
            assertTrue(body.get("Message").asText().contains(topic));
            assertTrue(SnsMessageVerifier.verify(body), "the confirmation's signature verifies");

            String subscribeUrl = body.get("SubscribeURL").asText();
            assertTrue(subscribeUrl.contains("Action=ConfirmSubscription"), subscribeUrl);
            String confirmed;
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(subscribeUrl)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(answer.body().contains("<ConfirmSubscriptionResult>"), answer.body());
                confirmed = answer.body().replaceAll("(?s).*<SubscriptionArn>(.*)</SubscriptionArn>.*", "$1");
            }
            List<Subscription> listed = sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions();
            assertEquals(confirmed, listed.getFirst().subscriptionArn());

            sns.publish(b -> b.topicArn(topic).subject("greeting").message("hello over http")
                    .messageAttributes(Map.of("color", MessageAttributeValue.builder().dataType("String")
                            .stringValue("blue").build())));
            HttpEndpoint.Received notification = endpoint.next();
            assertEquals("Notification", notification.header("x-amz-sns-message-type"));
            assertEquals(confirmed, notification.header("x-amz-sns-subscription-arn"));
            assertEquals(topic, notification.header("x-amz-sns-topic-arn"));
            JsonNode envelope = JSON.readTree(notification.body());
            assertEquals("hello over http", envelope.get("Message").asText());
            assertEquals("greeting", envelope.get("Subject").asText());
            assertEquals(notification.header("x-amz-sns-message-id"), envelope.get("MessageId").asText());
            assertEquals("blue", envelope.get("MessageAttributes").get("color").get("Value").asText());
            assertTrue(SnsMessageVerifier.verify(envelope), "the notification's signature verifies");

            sns.unsubscribe(b -> b.subscriptionArn(confirmed));
            HttpEndpoint.Received goodbye = endpoint.next();
            assertEquals("UnsubscribeConfirmation", goodbye.header("x-amz-sns-message-type"));
            assertEquals(confirmed, goodbye.header("x-amz-sns-subscription-arn"));
            JsonNode unsubscribed = JSON.readTree(goodbye.body());
            assertEquals("UnsubscribeConfirmation", unsubscribed.get("Type").asText());
            assertTrue(SnsMessageVerifier.verify(unsubscribed), "the unsubscribe confirmation's signature verifies");
        }
    }

    @Test
    void confirmedByTokenWithSignatureVersion2AndRawDelivery() throws Exception {
        try (HttpEndpoint endpoint = new HttpEndpoint()) {
            String topic = sns.createTopic(b -> b.name(uniqueName("http-raw"))
                    .attributes(Map.of("SignatureVersion", "2"))).topicArn();
            sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(endpoint.url("/raw")));
            JsonNode confirmation = JSON.readTree(endpoint.next().body());
            assertEquals("2", confirmation.get("SignatureVersion").asText());
            assertTrue(SnsMessageVerifier.verify(confirmation));
            String arn = sns.confirmSubscription(b -> b.topicArn(topic).token(confirmation.get("Token").asText()))
                    .subscriptionArn();

            sns.publish(b -> b.topicArn(topic).message("signed with sha256"));
            JsonNode envelope = JSON.readTree(endpoint.next().body());
            assertEquals("2", envelope.get("SignatureVersion").asText());
            assertTrue(SnsMessageVerifier.verify(envelope));

            sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("RawMessageDelivery")
                    .attributeValue("true"));
            sns.publish(b -> b.topicArn(topic).message("just the body"));
            HttpEndpoint.Received raw = endpoint.next();
            assertEquals("just the body", raw.body());
            assertEquals("true", raw.header("x-amz-sns-rawdelivery"));
            assertEquals(arn, raw.header("x-amz-sns-subscription-arn"));
        }
    }

    @Test
    void pendingSubscriptionsReceiveNoNotifications() throws Exception {
        try (HttpEndpoint endpoint = new HttpEndpoint()) {
            String topic = sns.createTopic(b -> b.name(uniqueName("http-pending"))).topicArn();
            sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint(endpoint.url("/pending")));
            assertEquals("SubscriptionConfirmation", endpoint.next().header("x-amz-sns-message-type"));
            sns.publish(b -> b.topicArn(topic).message("not for you yet"));
            assertNull(endpoint.poll(300), "a pending subscription gets no notification");
        }
    }
}
