package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.expectError;
import static sluice.it.sns.SnsClients.uniqueName;

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
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.SnsException;
import sluice.server.config.CredentialConfig;
import sluice.testkit.SluiceTestServer;

/**
 * Who may do what: a second account is refused by a topic's default policy and allowed once
 * AddPermission names it; topics are scoped by account; SigV4 failures of SNS requests come back
 * as SNS errors; the signing certificate is served without credentials, nothing else is.
 */
class SnsAccessTest {
    private static final String OTHER_ACCOUNT = "111122223333";
    private static SluiceTestServer server;
    private static SnsClient owner;
    private static SnsClient other;

    @BeforeAll
    static void start() {
        server = SluiceTestServer.start(c -> c.withCredentials(List.of(
                new CredentialConfig(SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY, SluiceTestServer.ACCOUNT),
                new CredentialConfig("other", "other-secret", OTHER_ACCOUNT))));
        owner = SnsClients.sns(server.endpoint());
        other = SnsClients.sns(server.endpoint(), "other", "other-secret");
    }

    @AfterAll
    static void stop() {
        owner.close();
        other.close();
        server.close();
    }

    @Test
    void anotherAccountNeedsAPermission() {
        String topic = owner.createTopic(b -> b.name(uniqueName("private"))).topicArn();
        expectError(AuthorizationErrorException.class, "AuthorizationError", 403,
                "User: arn:aws:iam::" + OTHER_ACCOUNT + ":root is not authorized to perform: SNS:Publish on resource: "
                        + topic + " because no resource-based policy allows the SNS:Publish action",
                () -> other.publish(b -> b.topicArn(topic).message("hi")));
        expectError(AuthorizationErrorException.class, "AuthorizationError", 403,
                () -> other.getTopicAttributes(b -> b.topicArn(topic)));
        owner.addPermission(b -> b.topicArn(topic).label("partner").awsAccountIds(OTHER_ACCOUNT).actionNames("Publish"));
        assertTrue(other.publish(b -> b.topicArn(topic).message("hi")).messageId() != null);
        expectError(AuthorizationErrorException.class, "AuthorizationError", 403,
                () -> other.deleteTopic(b -> b.topicArn(topic)));
        owner.removePermission(b -> b.topicArn(topic).label("partner"));
        expectError(AuthorizationErrorException.class, "AuthorizationError", 403,
                () -> other.publish(b -> b.topicArn(topic).message("hi")));
    }

    @Test
    void topicsAreListedPerAccount() {
        String mine = owner.createTopic(b -> b.name(uniqueName("mine"))).topicArn();
        String theirs = other.createTopic(b -> b.name(uniqueName("theirs"))).topicArn();
        assertTrue(theirs.contains(":" + OTHER_ACCOUNT + ":"), theirs);
        List<String> seen = other.listTopics().topics().stream().map(t -> t.topicArn()).toList();
        assertTrue(seen.contains(theirs) && !seen.contains(mine), seen.toString());
    }

    @Test
    void aWrongSecretIsAnSnsError() {
        try (SnsClient wrong = SnsClients.sns(server.endpoint(), SluiceTestServer.ACCESS_KEY, "wrong")) {
            SnsException e = org.junit.jupiter.api.Assertions.assertThrows(SnsException.class, wrong::listTopics);
            assertEquals(403, e.statusCode());
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void theWireIsQueryXmlInTheSnsNamespace() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(server.endpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("Action=ListTopics&Version=2010-03-31")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, unsigned.statusCode());
            HttpResponse<String> cert = http.send(HttpRequest.newBuilder(URI.create(server.endpoint()
                    + "/_sluice/sns/SimpleNotificationService-unknown.pem")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, cert.statusCode());
        }
        String topic = owner.createTopic(b -> b.name(uniqueName("wire"))).topicArn();
        Map<String, String> attributes = owner.getTopicAttributes(b -> b.topicArn(topic)).attributes();
        assertEquals(topic, attributes.get("TopicArn"));
    }
}
