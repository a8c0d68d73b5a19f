package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import sluice.testkit.SluiceTestServer;

/**
 * Queue management in the query dialect, as the SQS API reference documents it: CreateQueue (with
 * {@code Attribute.N.*} and {@code Tag.N.*}), GetQueueUrl, ListQueues (prefix, paging),
 * DeleteQueue, GetQueueAttributes ({@code AttributeName.N}, {@code All}) and SetQueueAttributes.
 */
class QueryQueueLifecycleTest extends QueryServerBase {
    @Test
    void createQueueAnswersTheDocumentedXmlWithTheQueueUrl() {
        String name = Queues.uniqueName("qlc-create");
        QueryResponse r = sqs.call(Form.action("CreateQueue").add("QueueName", name));
        queues.track(server.queueUrl(name));

        r.ok("CreateQueue");
        assertEquals(List.of("CreateQueueResult", "ResponseMetadata"), QueryResponse.childNames(r.root()));
        assertEquals(List.of("QueueUrl"), QueryResponse.childNames(r.result("CreateQueue")));
        assertEquals(server.queueUrl(name), r.resultText("CreateQueue", "QueueUrl"));
        assertTrue(r.header("Content-Type").startsWith("text/xml"), "Content-Type " + r.header("Content-Type"));
        assertEquals(r.requestId(), r.header("x-amzn-RequestId"), "RequestId element and header");
    }

    @Test
    void eachRequestGetsItsOwnRequestId() {
        QueryResponse a = sqs.call(Form.action("ListQueues")).ok("ListQueues");
        QueryResponse b = sqs.call(Form.action("ListQueues")).ok("ListQueues");
        assertFalse(a.requestId().equals(b.requestId()), "two requests, one RequestId " + a.requestId());
    }

    @Test
    void createQueueWithAttributesAndTags() {
        String name = Queues.uniqueName("qlc-attrs");
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("VisibilityTimeout", "45");
        attributes.put("DelaySeconds", "3");
        attributes.put("MessageRetentionPeriod", "86400");
        attributes.put("ReceiveMessageWaitTimeSeconds", "2");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "payments");
        tags.put("env", "test");
        String url = sqs.call(Form.action("CreateQueue").add("QueueName", name).attributes(attributes).tags(tags))
                .resultText("CreateQueue", "QueueUrl");
        queues.track(url);

        Map<String, String> got = queues.attributes(url, "VisibilityTimeout", "DelaySeconds", "MessageRetentionPeriod",
                "ReceiveMessageWaitTimeSeconds");
        assertEquals(attributes, got);

        Map<String, String> gotTags = sqs.call(Form.action("ListQueueTags").add("QueueUrl", url))
                .resultMap("ListQueueTags", "Tag", "Key", "Value");
        assertEquals(tags, gotTags);
    }

    @Test
    void createQueueIsIdempotentForTheSameAttributes() {
        String name = Queues.uniqueName("qlc-idem");
        String first = queues.createNamed(name, Map.of("VisibilityTimeout", "60"));
        String second = sqs.call(Form.action("CreateQueue").add("QueueName", name).attributes(Map.of("VisibilityTimeout", "60")))
                .resultText("CreateQueue", "QueueUrl");
        assertEquals(first, second);
    }

    @Test
    void getQueueUrlByNameAndByOwnerAccount() {
        String name = Queues.uniqueName("qlc-url");
        String url = queues.createNamed(name, Map.of());

        QueryResponse r = sqs.call(Form.action("GetQueueUrl").add("QueueName", name));
        assertEquals(List.of("QueueUrl"), QueryResponse.childNames(r.result("GetQueueUrl")));
        assertEquals(url, r.resultText("GetQueueUrl", "QueueUrl"));

        assertEquals(url, sqs.call(Form.action("GetQueueUrl").add("QueueName", name)
                .add("QueueOwnerAWSAccountId", SluiceTestServer.ACCOUNT)).resultText("GetQueueUrl", "QueueUrl"));
    }

    @Test
    void listQueuesFiltersByPrefix() {
        String prefix = Queues.uniqueName("qlc-list");
        String a = queues.createNamed(prefix + "-a", Map.of());
        String b = queues.createNamed(prefix + "-b", Map.of());
        String other = queues.create("qlc-other");

        List<String> listed = urls(sqs.call(Form.action("ListQueues").add("QueueNamePrefix", prefix)));
        assertEquals(List.of(a, b), listed.stream().sorted().toList());

        List<String> all = urls(sqs.call(Form.action("ListQueues")));
        assertTrue(all.containsAll(List.of(a, b, other)), "ListQueues without prefix: " + all);
    }

    @Test
    void listQueuesWithNoMatchHasAnEmptyResult() {
        QueryResponse r = sqs.call(Form.action("ListQueues").add("QueueNamePrefix", Queues.uniqueName("qlc-none")));
        assertEquals(List.of(), urls(r));
        assertNull(r.resultText("ListQueues", "NextToken"));
    }

    @Test
    void listQueuesPagesWithMaxResultsAndNextToken() {
        String prefix = Queues.uniqueName("qlc-page");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(queues.createNamed(prefix + "-" + i, Map.of()));
        }

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Form form = Form.action("ListQueues").add("QueueNamePrefix", prefix).add("MaxResults", 2);
            if (token != null) {
                form.add("NextToken", token);
            }
            QueryResponse r = sqs.call(form);
            List<String> page = urls(r);
            assertTrue(page.size() <= 2, "page larger than MaxResults: " + page);
            seen.addAll(page);
            token = r.resultText("ListQueues", "NextToken");
            pages++;
            assertTrue(pages <= 5, "paging does not end");
        } while (token != null && !token.isEmpty());

        assertEquals(expected, seen.stream().sorted().toList());
        assertTrue(pages >= 3, "5 queues in pages of 2 took " + pages + " pages");
    }

    @Test
    void deleteQueueRemovesIt() {
        String name = Queues.uniqueName("qlc-del");
        String url = queues.createNamed(name, Map.of());

        QueryResponse r = sqs.call(Form.action("DeleteQueue").add("QueueUrl", url)).ok("DeleteQueue");
        assertEquals(List.of("ResponseMetadata"), QueryResponse.childNames(r.root()), "DeleteQueue has no Result element");

        sqs.call(Form.action("GetQueueUrl").add("QueueName", name)).error(400, "AWS.SimpleQueueService.NonExistentQueue");
        assertFalse(urls(sqs.call(Form.action("ListQueues").add("QueueNamePrefix", name))).contains(url));
    }

    @Test
    void getQueueAttributesAllReturnsTheDefaults() {
        String name = Queues.uniqueName("qlc-all");
        String url = queues.createNamed(name, Map.of());
        Map<String, String> all = queues.attributes(url, "All");

        assertEquals("arn:aws:sqs:us-east-1:" + SluiceTestServer.ACCOUNT + ":" + name, all.get("QueueArn"));
        assertEquals("30", all.get("VisibilityTimeout"));
        assertEquals("0", all.get("DelaySeconds"));
        assertEquals("345600", all.get("MessageRetentionPeriod"));
        assertEquals("0", all.get("ReceiveMessageWaitTimeSeconds"));
        assertEquals("0", all.get("ApproximateNumberOfMessages"));
        assertEquals("0", all.get("ApproximateNumberOfMessagesNotVisible"));
        assertEquals("0", all.get("ApproximateNumberOfMessagesDelayed"));
        assertNotNull(all.get("MaximumMessageSize"), "MaximumMessageSize in " + all);
        long created = Long.parseLong(all.get("CreatedTimestamp"));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(now - created) < 600, "CreatedTimestamp is epoch seconds: " + created);
        assertNotNull(all.get("LastModifiedTimestamp"), "LastModifiedTimestamp in " + all);
    }

    @Test
    void getQueueAttributesReturnsOnlyTheNamedOnes() {
        String url = queues.create("qlc-some");
        Map<String, String> some = queues.attributes(url, "VisibilityTimeout", "DelaySeconds");
        assertEquals(Map.of("VisibilityTimeout", "30", "DelaySeconds", "0"), some);
    }

    @Test
    void getQueueAttributesWithoutNamesReturnsNoAttributes() {
        String url = queues.create("qlc-none");
        QueryResponse r = sqs.call(Form.action("GetQueueAttributes").add("QueueUrl", url));
        assertEquals(List.of(), r.resultList("GetQueueAttributes", "Attribute"));
    }

    @Test
    void setQueueAttributesChangesThemAndAnswersWithoutAResult() {
        String url = queues.create("qlc-set");
        QueryResponse r = sqs.call(Form.action("SetQueueAttributes").add("QueueUrl", url)
                .attributes(Map.of("VisibilityTimeout", "120", "DelaySeconds", "5")));
        r.ok("SetQueueAttributes");
        assertEquals(List.of("ResponseMetadata"), QueryResponse.childNames(r.root()));

        assertEquals(Map.of("VisibilityTimeout", "120", "DelaySeconds", "5"),
                queues.attributes(url, "VisibilityTimeout", "DelaySeconds"));
    }

    @Test
    void approximateCountsFollowTheMessages() {
        String url = queues.create("qlc-count");
        queues.send(url, "one");
        queues.send(url, "two");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "later").add("DelaySeconds", 600))
                .ok("SendMessage");
        queues.receiveOne(url, Form.empty().add("MaxNumberOfMessages", 1));

        Map<String, String> counts = queues.attributes(url, "ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed");
        assertEquals(Map.of("ApproximateNumberOfMessages", "1", "ApproximateNumberOfMessagesNotVisible", "1",
                "ApproximateNumberOfMessagesDelayed", "1"), counts);
    }

    private static List<String> urls(QueryResponse r) {
        List<String> out = new ArrayList<>();
        for (Element e : r.resultList("ListQueues", "QueueUrl")) {
            out.add(e.getTextContent());
        }
        return out;
    }
}
