package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectInvalidParameter;
import static sluice.it.sqs.SqsClients.expectNonExistentQueue;
import static sluice.it.sqs.SqsClients.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import sluice.testkit.SluiceTestServer;

/** TagQueue, UntagQueue, ListQueueTags and tags at CreateQueue; AddPermission and RemovePermission. */
class SqsPermissionsAndTagsTest extends SqsServerBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> tags(String url) {
        return sqs.listQueueTags(b -> b.queueUrl(url)).tags();
    }

    @Test
    void tagsGivenAtCreationAreListed() {
        String name = uniqueName("tagged");
        String url = sqs.createQueue(b -> b.queueName(name).tags(Map.of("team", "payments", "env", ""))).queueUrl();
        assertEquals(Map.of("team", "payments", "env", ""), tags(url));
        assertEquals(Map.of(), tags(createQueue(sqs, uniqueName("untagged"))));
    }

    @Test
    void tagQueueAddsAndOverwritesAndUntagQueueRemoves() {
        String url = createQueue(sqs, uniqueName("retag"));
        sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("a", "1", "b", "2")));
        sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("b", "two", "c", "3")));
        assertEquals(Map.of("a", "1", "b", "two", "c", "3"), tags(url));
        sqs.untagQueue(b -> b.queueUrl(url).tagKeys("a", "c", "never-set"));
        assertEquals(Map.of("b", "two"), tags(url));
    }

    @Test
    void invalidTagsAreRejected() {
        String url = createQueue(sqs, uniqueName("bad-tags"));
        expectInvalidParameter(() -> sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("aws:reserved", "x"))));
        expectInvalidParameter(() -> sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("k".repeat(129), "x"))));
        expectInvalidParameter(() -> sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("k", "v".repeat(257)))));
        Map<String, String> fifty = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("t" + i, "v");
        }
        sqs.tagQueue(b -> b.queueUrl(url).tags(fifty));
        expectInvalidParameter(() -> sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("one-too-many", "v"))));
        assertEquals(fifty, tags(url));
    }

    @Test
    void tagOperationsOnAnUnknownQueueFail() {
        String url = server.queueUrl(uniqueName("no-such"));
        expectNonExistentQueue(() -> sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of("a", "1"))));
        expectNonExistentQueue(() -> sqs.listQueueTags(b -> b.queueUrl(url)));
        expectNonExistentQueue(() -> sqs.untagQueue(b -> b.queueUrl(url).tagKeys("a")));
    }

    private static JsonNode policy(String url) {
        String text = SqsClients.attribute(sqs, url, QueueAttributeName.POLICY);
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, JsonNode> statementsBySid(String url) {
        JsonNode policy = policy(url);
        if (policy == null) {
            return Map.of();
        }
        JsonNode statements = policy.get("Statement");
        return StreamSupport.stream(statements.spliterator(), false)
                .collect(Collectors.toMap(s -> s.get("Sid").asText(), s -> s));
    }

    private static Set<String> texts(JsonNode node) {
        if (node.isArray()) {
            return StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
        }
        return Set.of(node.asText());
    }

    @Test
    void addPermissionWritesALabelledStatementIntoThePolicy() {
        String name = uniqueName("perm");
        String url = createQueue(sqs, name);
        sqs.addPermission(b -> b.queueUrl(url).label("senders").awsAccountIds("111122223333", "444455556666")
                .actions("SendMessage", "ReceiveMessage"));
        sqs.addPermission(b -> b.queueUrl(url).label("everything").awsAccountIds("777788889999").actions("*"));

        Map<String, JsonNode> statements = statementsBySid(url);
        assertEquals(Set.of("senders", "everything"), statements.keySet());
        JsonNode senders = statements.get("senders");
        assertEquals("Allow", senders.get("Effect").asText());
        assertEquals(Set.of("arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"),
                texts(senders.get("Principal").get("AWS")));
        assertEquals(Set.of("SQS:SendMessage", "SQS:ReceiveMessage"), texts(senders.get("Action")));
        assertEquals("arn:aws:sqs:us-east-1:" + SluiceTestServer.ACCOUNT + ":" + name, senders.get("Resource").asText());
        assertEquals(Set.of("SQS:*"), texts(statements.get("everything").get("Action")));
    }

    @Test
    void aLabelCanBeAddedOnlyOnce() {
        String url = createQueue(sqs, uniqueName("perm-dup"));
        sqs.addPermission(b -> b.queueUrl(url).label("once").awsAccountIds("111122223333").actions("SendMessage"));
        expectInvalidParameter(() -> sqs.addPermission(b -> b.queueUrl(url).label("once").awsAccountIds("111122223333")
                .actions("ReceiveMessage")));
        assertEquals(Set.of("SQS:SendMessage"), texts(statementsBySid(url).get("once").get("Action")));
    }

    @Test
    void addPermissionRejectsUnknownActionsAndBadLabels() {
        String url = createQueue(sqs, uniqueName("perm-bad"));
        expectInvalidParameter(() -> sqs.addPermission(b -> b.queueUrl(url).label("fly").awsAccountIds("111122223333")
                .actions("FlyAway")));
        expectInvalidParameter(() -> sqs.addPermission(b -> b.queueUrl(url).label("bad label!").awsAccountIds("111122223333")
                .actions("SendMessage")));
        assertEquals(Map.of(), statementsBySid(url));
    }

    @Test
    void removePermissionDropsTheLabelledStatement() {
        String url = createQueue(sqs, uniqueName("perm-rm"));
        sqs.addPermission(b -> b.queueUrl(url).label("first").awsAccountIds("111122223333").actions("SendMessage"));
        sqs.addPermission(b -> b.queueUrl(url).label("second").awsAccountIds("111122223333").actions("DeleteMessage"));
        sqs.removePermission(b -> b.queueUrl(url).label("first"));
        assertEquals(Set.of("second"), statementsBySid(url).keySet());

        expectInvalidParameter(() -> sqs.removePermission(b -> b.queueUrl(url).label("first")));
        expectInvalidParameter(() -> sqs.removePermission(b -> b.queueUrl(url).label("never-added")));

        sqs.removePermission(b -> b.queueUrl(url).label("second"));
        assertTrue(statementsBySid(url).isEmpty(), "no statement left");
        sqs.addPermission(b -> b.queueUrl(url).label("first").awsAccountIds("111122223333").actions("SendMessage"));
        assertEquals(List.of("first"), List.copyOf(statementsBySid(url).keySet()), "a removed label can be added again");
    }
}
