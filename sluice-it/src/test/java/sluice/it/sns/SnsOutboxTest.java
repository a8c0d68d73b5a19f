package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import sluice.testkit.SluiceTestServer;

/**
 * SMS and mobile push go to the outbox at {@code /_sluice/sns/outbox}: a publish to a phone number
 * or a platform endpoint succeeds and appears there, and so does topic fan-out to {@code sms} and
 * {@code application} subscriptions, each with the message its protocol receives.
 */
class SnsOutboxTest {
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

    /** The outbox entry with this message id and destination. */
    private static JsonNode sent(String messageId, String destination) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    URI.create(server.endpoint() + "/_sluice/sns/outbox")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertEquals("application/json", answer.headers().firstValue("content-type").orElse(""));
            for (JsonNode entry : JSON.readTree(answer.body())) {
                if (entry.get("messageId").asText().equals(messageId) && entry.get("destination").asText().equals(destination)) {
                    return entry;
                }
            }
            throw new AssertionError("no outbox entry for " + messageId + " to " + destination + " in " + answer.body());
        }
    }

    @Test
    void publishToAPhoneNumberAppearsInTheOutbox() throws Exception {
        String id = sns.publish(b -> b.phoneNumber("+15555550123").message("your code is 1234")).messageId();
        JsonNode sms = sent(id, "+15555550123");
        assertEquals("sms", sms.get("type").asText());
        assertEquals("your code is 1234", sms.get("message").asText());
    }

    @Test
    void publishToAPlatformEndpointAppearsWithItsPlatformsMessage() throws Exception {
        String app = sns.createPlatformApplication(b -> b.name(uniqueName("app")).platform("GCM")
                .attributes(Map.of("PlatformCredential", "key", "PlatformPrincipal", "p"))).platformApplicationArn();
        String endpoint = sns.createPlatformEndpoint(b -> b.platformApplicationArn(app).token("device-token"))
                .endpointArn();
        String id = sns.publish(b -> b.targetArn(endpoint).messageStructure("json")
                .message("{\"default\":\"plain\",\"GCM\":\"{\\\"notification\\\":{\\\"title\\\":\\\"hi\\\"}}\"}"))
                .messageId();
        JsonNode push = sent(id, endpoint);
        assertEquals("push", push.get("type").asText());
        assertEquals("GCM", push.get("platform").asText());
        assertEquals("device-token", push.get("token").asText());
        assertEquals("{\"notification\":{\"title\":\"hi\"}}", push.get("message").asText());
    }

    @Test
    void topicFanOutToSmsAndApplicationSubscriptions() throws Exception {
        String topic = sns.createTopic(b -> b.name(uniqueName("mobile"))).topicArn();
        String app = sns.createPlatformApplication(b -> b.name(uniqueName("app")).platform("APNS")
                .attributes(Map.of("PlatformCredential", "c", "PlatformPrincipal", "p"))).platformApplicationArn();
        String endpoint = sns.createPlatformEndpoint(b -> b.platformApplicationArn(app).token("apns-token"))
                .endpointArn();
        String smsSubscription = sns.subscribe(b -> b.topicArn(topic).protocol("sms").endpoint("+15555550199"))
                .subscriptionArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("application").endpoint(endpoint));
        String id = sns.publish(b -> b.topicArn(topic).subject("s").message("to every device")).messageId();

        JsonNode sms = sent(id, "+15555550199");
        assertEquals(topic, sms.get("topicArn").asText());
        assertEquals(smsSubscription, sms.get("subscriptionArn").asText());
        assertEquals("to every device", sms.get("message").asText());
        JsonNode push = sent(id, endpoint);
        assertEquals("APNS", push.get("platform").asText());
        assertEquals("apns-token", push.get("token").asText());
        assertTrue(push.get("attributes").isObject());
    }
}
