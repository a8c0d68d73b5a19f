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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import sluice.testkit.SluiceTestServer;

/**
 * Email subscriptions through the configured SMTP relay: a confirmation mail whose link confirms
 * the subscription, then notifications as text with the unsubscribe footer ({@code email}) or as
 * the JSON envelope ({@code email-json}).
 */
class SnsEmailDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile("(http://\\S+Action=ConfirmSubscription\\S+)");

    private static void visit(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
        }
    }

    @Test
    void confirmationMailThenNotifications() throws Exception {
        try (SmtpServer smtp = new SmtpServer();
             SluiceTestServer server = SluiceTestServer.start(c -> c.withOutbound(c.outbound()
                     .withSmtp("127.0.0.1", smtp.port())));
             SnsClient sns = SnsClients.sns(server.endpoint())) {
            String topic = sns.createTopic(b -> b.name(uniqueName("mail"))
                    .attributes(Map.of("DisplayName", "Alerts"))).topicArn();

            sns.subscribe(b -> b.topicArn(topic).protocol("email").endpoint("ops@example.com"));
            SmtpServer.Mail confirmation = smtp.next();
            assertEquals("ops@example.com", confirmation.to());
            assertEquals("AWS Notification - Subscription Confirmation", confirmation.header("Subject"));
            assertTrue(confirmation.header("From").startsWith("Alerts <"), confirmation.header("From"));
            Matcher link = LINK.matcher(confirmation.body());
            assertTrue(link.find(), confirmation.body());
            visit(link.group(1));
            assertEquals("ops@example.com", sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions()
                    .getFirst().endpoint());
            assertTrue(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().getFirst()
                    .subscriptionArn().startsWith(topic + ":"));

            sns.publish(b -> b.topicArn(topic).subject("Disk full").message("/var is at 99%"));
            SmtpServer.Mail notification = smtp.next();
            assertEquals("Disk full", notification.header("Subject"));
            assertTrue(notification.body().startsWith("/var is at 99%"), notification.body());
            assertTrue(notification.body().contains("Action=Unsubscribe"), notification.body());

            sns.publish(b -> b.topicArn(topic).message("no subject"));
            assertEquals("AWS Notification Message", smtp.next().header("Subject"));
        }
    }

    @Test
    void emailJsonCarriesTheEnvelope() throws Exception {
        try (SmtpServer smtp = new SmtpServer();
             SluiceTestServer server = SluiceTestServer.start(c -> c.withOutbound(c.outbound()
                     .withSmtp("127.0.0.1", smtp.port())));
             SnsClient sns = SnsClients.sns(server.endpoint())) {
            String topic = sns.createTopic(b -> b.name(uniqueName("mail-json"))).topicArn();
            sns.subscribe(b -> b.topicArn(topic).protocol("email-json").endpoint("robot@example.com"));
            Matcher link = LINK.matcher(smtp.next().body());
            assertTrue(link.find());
            visit(link.group(1));

            String messageId = sns.publish(b -> b.topicArn(topic).message("structured")).messageId();
            JsonNode envelope = JSON.readTree(smtp.next().body());
            assertEquals("Notification", envelope.get("Type").asText());
            assertEquals(messageId, envelope.get("MessageId").asText());
            assertEquals("structured", envelope.get("Message").asText());
            assertTrue(SnsMessageVerifier.verify(envelope));
        }
    }
}
