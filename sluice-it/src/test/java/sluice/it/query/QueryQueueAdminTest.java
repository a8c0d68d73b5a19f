package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import sluice.testkit.SluiceTestServer;

/**
 * PurgeQueue, TagQueue/UntagQueue/ListQueueTags, AddPermission/RemovePermission and
 * ListDeadLetterSourceQueues in the query dialect.
 */
class QueryQueueAdminTest extends QueryServerBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void purgeQueueDeletesEveryMessage() {
        String url = queues.create("qadm-purge");
        for (int i = 0; i < 3; i++) {
            queues.send(url, "m" + i);
        }
        queues.receiveOne(url, Form.empty().add("MaxNumberOfMessages", 1).add("VisibilityTimeout", 1));

        QueryResponse r = sqs.call(Form.action("PurgeQueue").add("QueueUrl", url)).ok("PurgeQueue");
        assertEquals(List.of("ResponseMetadata"), QueryResponse.childNames(r.root()), "PurgeQueue has no Result element");

        assertEquals(List.of(), queues.receive(url, Form.empty().add("MaxNumberOfMessages", 10).add("WaitTimeSeconds", 2)),
                "messages survived the purge");
        queues.assertEmpty(url);
    }

    @Test
    void aSecondPurgeWithinSixtySecondsIsInProgress() {
        String url = queues.create("qadm-purge2");
        sqs.call(Form.action("PurgeQueue").add("QueueUrl", url)).ok("PurgeQueue");
        sqs.call(Form.action("PurgeQueue").add("QueueUrl", url))
                .error(403, "AWS.SimpleQueueService.PurgeQueueInProgress");
    }

    @Test
    void messagesSentAfterAPurgeAreKept() {
        String url = queues.create("qadm-after");
        queues.send(url, "before");
        sqs.call(Form.action("PurgeQueue").add("QueueUrl", url)).ok("PurgeQueue");
        queues.send(url, "after");
        assertEquals("after", QueryResponse.text(queues.receiveOne(url), "Body"));
    }

    @Test
    void tagUntagAndListQueueTags() {
        String url = queues.create("qadm-tags");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "payments");
        tags.put("cost-center", "42");
        tags.put("empty", "");
        QueryResponse tagged = sqs.call(Form.action("TagQueue").add("QueueUrl", url).tags(tags)).ok("TagQueue");
        assertEquals(List.of("ResponseMetadata"), QueryResponse.childNames(tagged.root()));

        QueryResponse listed = sqs.call(Form.action("ListQueueTags").add("QueueUrl", url));
        assertEquals(tags, listed.resultMap("ListQueueTags", "Tag", "Key", "Value"));
        for (Element tag : listed.resultList("ListQueueTags", "Tag")) {
            assertEquals(List.of("Key", "Value"), QueryResponse.childNames(tag));
        }

        sqs.call(Form.action("TagQueue").add("QueueUrl", url).tags(Map.of("team", "platform"))).ok("TagQueue");
        sqs.call(Form.action("UntagQueue").add("QueueUrl", url).list("TagKey", "cost-center", "empty", "never-set"))
                .ok("UntagQueue");

        assertEquals(Map.of("team", "platform"), sqs.call(Form.action("ListQueueTags").add("QueueUrl", url))
                .resultMap("ListQueueTags", "Tag", "Key", "Value"));
    }

    @Test
    void listQueueTagsOfAnUntaggedQueueIsEmpty() {
        String url = queues.create("qadm-notags");
        QueryResponse r = sqs.call(Form.action("ListQueueTags").add("QueueUrl", url));
        assertEquals(List.of(), QueryResponse.childNames(r.result("ListQueueTags")));
    }

    @Test
    void addPermissionWritesAPolicyStatementAndRemovePermissionDropsIt() throws Exception {
        String name = Queues.uniqueName("qadm-perm");
        String url = queues.createNamed(name, Map.of());
        QueryResponse added = sqs.call(Form.action("AddPermission").add("QueueUrl", url).add("Label", "consumers")
                .list("AWSAccountId", "111122223333", "444455556666")
                .list("ActionName", "SendMessage", "ReceiveMessage"));
        added.ok("AddPermission");
        assertEquals(List.of("ResponseMetadata"), QueryResponse.childNames(added.root()));

        String policy = queues.attributes(url, "Policy").get("Policy");
        assertNotNull(policy, "no Policy attribute after AddPermission");
        JsonNode statement = statement(policy, "consumers");
        assertNotNull(statement, "no statement with Sid consumers in " + policy);
        assertEquals("Allow", statement.get("Effect").asText());
        String text = statement.toString();
        for (String expected : List.of("111122223333", "444455556666", "SQS:SendMessage", "SQS:ReceiveMessage",
                "arn:aws:sqs:us-east-1:" + SluiceTestServer.ACCOUNT + ":" + name)) {
            assertTrue(text.contains(expected), expected + " not in " + text);
        }

        sqs.call(Form.action("AddPermission").add("QueueUrl", url).add("Label", "other")
                .list("AWSAccountId", "111122223333").list("ActionName", "GetQueueAttributes")).ok("AddPermission");
        QueryResponse removed = sqs.call(Form.action("RemovePermission").add("QueueUrl", url).add("Label", "consumers"));
        removed.ok("RemovePermission");
        assertEquals(List.of("ResponseMetadata"), QueryResponse.childNames(removed.root()));

        String after = queues.attributes(url, "Policy").get("Policy");
        assertNotNull(after, "the other statement is still there");
        assertEquals(null, statement(after, "consumers"), "statement consumers survived RemovePermission: " + after);
        assertNotNull(statement(after, "other"), "statement other lost: " + after);
    }

    @Test
    void addPermissionWithALabelInUseIsInvalid() {
        String url = queues.create("qadm-perm2");
        Form add = Form.action("AddPermission").add("QueueUrl", url).add("Label", "dup")
                .list("AWSAccountId", "111122223333").list("ActionName", "SendMessage");
        sqs.call(add).ok("AddPermission");
        sqs.call(add).error(400, "InvalidParameterValue");
    }

    @Test
    void removePermissionOfAnUnknownLabelIsInvalid() {
        String url = queues.create("qadm-perm3");
        sqs.call(Form.action("RemovePermission").add("QueueUrl", url).add("Label", "never-added"))
                .error(400, "InvalidParameterValue");
    }

    @Test
    void addPermissionWithoutActionsIsMissingAParameter() {
        String url = queues.create("qadm-perm4");
        sqs.call(Form.action("AddPermission").add("QueueUrl", url).add("Label", "x").list("AWSAccountId", "111122223333"))
                .error(400, "MissingParameter");
    }

    @Test
    void listDeadLetterSourceQueuesNamesTheQueuesRedrivingToIt() throws Exception {
        String dlqName = Queues.uniqueName("qadm-dlq");
        String dlq = queues.createNamed(dlqName, Map.of());
        String arn = "arn:aws:sqs:us-east-1:" + SluiceTestServer.ACCOUNT + ":" + dlqName;
        String redrive = JSON.writeValueAsString(Map.of("deadLetterTargetArn", arn, "maxReceiveCount", "3"));
        String sourceA = queues.create("qadm-src", Map.of("RedrivePolicy", redrive));
        String sourceB = queues.create("qadm-src");
        sqs.call(Form.action("SetQueueAttributes").add("QueueUrl", sourceB).attributes(Map.of("RedrivePolicy", redrive)))
                .ok("SetQueueAttributes");
        queues.create("qadm-unrelated");

        QueryResponse r = sqs.call(Form.action("ListDeadLetterSourceQueues").add("QueueUrl", dlq));
        List<String> urls = new ArrayList<>();
        for (Element e : r.resultList("ListDeadLetterSourceQueues", "QueueUrl")) {
            urls.add(e.getTextContent());
        }
        assertEquals(List.of(sourceA, sourceB).stream().sorted().toList(), urls.stream().sorted().toList());

        JsonNode policy = JSON.readTree(queues.attributes(sourceA, "RedrivePolicy").get("RedrivePolicy"));
        assertEquals(arn, policy.get("deadLetterTargetArn").asText());
        assertEquals("3", policy.get("maxReceiveCount").asText());
    }

    @Test
    void listDeadLetterSourceQueuesPages() {
        String dlqName = Queues.uniqueName("qadm-dlqp");
        String dlq = queues.createNamed(dlqName, Map.of());
        String redrive = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:" + SluiceTestServer.ACCOUNT + ":" + dlqName
                + "\",\"maxReceiveCount\":\"5\"}";
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sources.add(queues.create("qadm-srcp", Map.of("RedrivePolicy", redrive)));
        }

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Form form = Form.action("ListDeadLetterSourceQueues").add("QueueUrl", dlq).add("MaxResults", 2);
            if (token != null) {
                form.add("NextToken", token);
            }
            QueryResponse r = sqs.call(form);
            List<Element> page = r.resultList("ListDeadLetterSourceQueues", "QueueUrl");
            assertTrue(page.size() <= 2, "page larger than MaxResults");
            page.forEach(e -> seen.add(e.getTextContent()));
            token = r.resultText("ListDeadLetterSourceQueues", "NextToken");
            pages++;
            assertTrue(pages <= 4, "paging does not end");
        } while (token != null && !token.isEmpty());
        assertEquals(sources.stream().sorted().toList(), seen.stream().sorted().toList());
        assertFalse(pages < 2, "3 sources in pages of 2 took one page");
    }

    /** The statement with {@code sid} of a policy document, or null. */
    private static JsonNode statement(String policy, String sid) throws Exception {
        JsonNode statements = JSON.readTree(policy).get("Statement");
        if (statements == null) {
            return null;
        }
        for (JsonNode s : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            if (s.has("Sid") && s.get("Sid").asText().equals(sid)) {
                return s;
            }
        }
        return null;
    }
}
