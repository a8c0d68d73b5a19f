package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.expectError;
import static sluice.it.sns.SnsClients.topicArn;
import static sluice.it.sns.SnsClients.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.TagLimitExceededException;
import software.amazon.awssdk.services.sns.model.Topic;
import sluice.testkit.SluiceTestServer;

/** Topic management through the AWS SDK's SNS client: create, list, attributes, tags, permissions, policies. */
class SnsTopicsTest {
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
    void createTopicReturnsItsArnAndIsIdempotent() {
        String name = uniqueName("orders");
        String arn = sns.createTopic(b -> b.name(name)).topicArn();
        assertEquals(topicArn(name), arn);
        assertEquals(arn, sns.createTopic(b -> b.name(name)).topicArn());
        assertEquals(arn, sns.createTopic(b -> b.name(name).attributes(Map.of("FifoTopic", "false"))).topicArn());
    }

    @Test
    void createTopicWithDifferentAttributesOrTagsIsRefused() {
        String name = uniqueName("conflict");
        sns.createTopic(b -> b.name(name).attributes(Map.of("DisplayName", "one")).tags(tag("team", "a")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
                () -> sns.createTopic(b -> b.name(name).attributes(Map.of("DisplayName", "two"))));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Tags Reason: Topic already exists with different tags",
                () -> sns.createTopic(b -> b.name(name).tags(tag("team", "b"))));
    }

    @Test
    void badTopicNamesAreRefused() {
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: Topic Name",
                () -> sns.createTopic(b -> b.name("has space")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: Topic Name",
                () -> sns.createTopic(b -> b.name("standard.fifo")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only uppercase and "
                        + "lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.",
                () -> sns.createTopic(b -> b.name("nofifo").attributes(Map.of("FifoTopic", "true"))));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: Topic Name",
                () -> sns.createTopic(b -> b.name("x".repeat(257))));
    }

    @Test
    void defaultAttributesLookLikeAwss() throws Exception {
        String name = uniqueName("attrs");
        String arn = sns.createTopic(b -> b.name(name)).topicArn();
        Map<String, String> a = sns.getTopicAttributes(b -> b.topicArn(arn)).attributes();
        assertEquals(arn, a.get("TopicArn"));
        assertEquals(SnsClients.ACCOUNT, a.get("Owner"));
        assertEquals("", a.get("DisplayName"));
        assertEquals("0", a.get("SubscriptionsConfirmed"));
        assertEquals("0", a.get("SubscriptionsPending"));
        assertEquals("0", a.get("SubscriptionsDeleted"));
        JsonNode policy = JSON.readTree(a.get("Policy"));
        assertEquals("__default_policy_ID", policy.get("Id").asText());
        JsonNode statement = policy.get("Statement").get(0);
        assertEquals(arn, statement.get("Resource").asText());
        assertEquals(SnsClients.ACCOUNT, statement.get("Condition").get("StringEquals").get("AWS:SourceOwner").asText());
        JsonNode delivery = JSON.readTree(a.get("EffectiveDeliveryPolicy"));
        assertEquals(3, delivery.get("http").get("defaultHealthyRetryPolicy").get("numRetries").asInt());
        assertFalse(a.containsKey("FifoTopic"));
    }

    @Test
    void setTopicAttributesChangesWhatGetReturns() {
        String arn = sns.createTopic(b -> b.name(uniqueName("set"))).topicArn();
        sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("DisplayName").attributeValue("Orders"));
        sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("SignatureVersion").attributeValue("2"));
        sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("TracingConfig").attributeValue("Active"));
        sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("KmsMasterKeyId").attributeValue("alias/aws/sns"));
        String delivery = "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":5}}}";
        sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("DeliveryPolicy").attributeValue(delivery));
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("Policy").attributeValue(policy));
        Map<String, String> a = sns.getTopicAttributes(b -> b.topicArn(arn)).attributes();
        assertEquals("Orders", a.get("DisplayName"));
        assertEquals("2", a.get("SignatureVersion"));
        assertEquals("Active", a.get("TracingConfig"));
        assertEquals("alias/aws/sns", a.get("KmsMasterKeyId"));
        assertEquals(delivery, a.get("DeliveryPolicy"));
        assertEquals(delivery, a.get("EffectiveDeliveryPolicy"));
        assertEquals(policy, a.get("Policy"));
    }

    @Test
    void setTopicAttributesValidates() {
        String arn = sns.createTopic(b -> b.name(uniqueName("invalid"))).topicArn();
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: AttributeName",
                () -> sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("NoSuchThing").attributeValue("x")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: AttributeName",
                () -> sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("FifoTopic").attributeValue("true")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("Policy").attributeValue("{not json")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("SignatureVersion").attributeValue("3")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("ContentBasedDeduplication").attributeValue("true")));
    }

    @Test
    void fifoTopicsHaveTheirOwnAttributes() {
        String name = uniqueName("events") + ".fifo";
        String arn = sns.createTopic(b -> b.name(name).attributes(Map.of("FifoTopic", "true"))).topicArn();
        Map<String, String> a = sns.getTopicAttributes(b -> b.topicArn(arn)).attributes();
        assertEquals("true", a.get("FifoTopic"));
        assertEquals("false", a.get("ContentBasedDeduplication"));
        sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("ContentBasedDeduplication").attributeValue("true"));
        sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("FifoThroughputScope").attributeValue("MessageGroup"));
        sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("ArchivePolicy").attributeValue("{\"MessageRetentionPeriod\":\"30\"}"));
        a = sns.getTopicAttributes(b -> b.topicArn(arn)).attributes();
        assertEquals("true", a.get("ContentBasedDeduplication"));
        assertEquals("MessageGroup", a.get("FifoThroughputScope"));
        assertEquals("{\"MessageRetentionPeriod\":\"30\"}", a.get("ArchivePolicy"));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("FifoThroughputScope").attributeValue("Queue")));
    }

    @Test
    void unknownTopicsAreNotFoundAndBadArnsInvalid() {
        String missing = topicArn(uniqueName("missing"));
        expectError(NotFoundException.class, "NotFound", 404, "Topic does not exist",
                () -> sns.getTopicAttributes(b -> b.topicArn(missing)));
        expectError(NotFoundException.class, "NotFound", 404, "Topic does not exist",
                () -> sns.setTopicAttributes(b -> b.topicArn(missing).attributeName("DisplayName").attributeValue("x")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: TopicArn",
                () -> sns.getTopicAttributes(b -> b.topicArn("not-an-arn")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: TopicArn",
                () -> sns.getTopicAttributes(b -> b.topicArn("arn:aws:sns:eu-west-1:" + SnsClients.ACCOUNT + ":x")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: TopicArn Reason: no value for required parameter",
                () -> sns.getTopicAttributes(b -> { }));
    }

    @Test
    void deleteTopicRemovesItAndIsIdempotent() {
        String arn = sns.createTopic(b -> b.name(uniqueName("gone"))).topicArn();
        sns.deleteTopic(b -> b.topicArn(arn));
        sns.deleteTopic(b -> b.topicArn(arn));
        expectError(NotFoundException.class, "NotFound", 404, () -> sns.getTopicAttributes(b -> b.topicArn(arn)));
        assertFalse(allTopics().contains(arn));
    }

    @Test
    void listTopicsPagesByAHundred() {
        Set<String> created = new HashSet<>();
        String prefix = uniqueName("page");
        for (int i = 0; i < 105; i++) {
            String name = prefix + "-" + i;
            created.add(sns.createTopic(b -> b.name(name)).topicArn());
        }
        ListTopicsResponse first = sns.listTopics();
        assertEquals(100, first.topics().size());
        assertTrue(first.nextToken() != null);
        List<String> all = allTopics();
        assertEquals(all.size(), new HashSet<>(all).size(), "no topic listed twice");
        assertTrue(all.containsAll(created));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.listTopics(b -> b.nextToken("%%%")));
    }

    private static List<String> allTopics() {
        List<String> arns = new ArrayList<>();
        sns.listTopicsPaginator().topics().forEach((Topic t) -> arns.add(t.topicArn()));
        return arns;
    }

    @Test
    void tagsAreAddedReplacedListedAndRemoved() {
        String arn = sns.createTopic(b -> b.name(uniqueName("tags")).tags(tag("a", "1"))).topicArn();
        sns.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("b").value("2").build(),
                Tag.builder().key("a").value("3").build()));
        assertEquals(Map.of("a", "3", "b", "2"), tags(arn));
        sns.untagResource(b -> b.resourceArn(arn).tagKeys("a", "never"));
        assertEquals(Map.of("b", "2"), tags(arn));
        String missing = topicArn(uniqueName("nope"));
        expectError(ResourceNotFoundException.class, "ResourceNotFound", 404, "Resource does not exist",
                () -> sns.listTagsForResource(b -> b.resourceArn(missing)));
        expectError(ResourceNotFoundException.class, "ResourceNotFound", 404,
                () -> sns.tagResource(b -> b.resourceArn(missing).tags(Tag.builder().key("k").value("v").build())));
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(Tag.builder().key("k" + i).value("v").build());
        }
        expectError(TagLimitExceededException.class, "TagLimitExceeded", 400,
                () -> sns.tagResource(b -> b.resourceArn(arn).tags(many)));
    }

    private static Map<String, String> tags(String arn) {
        Map<String, String> out = new java.util.HashMap<>();
        sns.listTagsForResource(b -> b.resourceArn(arn)).tags().forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void permissionsEditThePolicy() throws Exception {
        String arn = sns.createTopic(b -> b.name(uniqueName("perm"))).topicArn();
        sns.addPermission(b -> b.topicArn(arn).label("share").awsAccountIds("111122223333").actionNames("Publish", "Subscribe"));
        JsonNode policy = JSON.readTree(sns.getTopicAttributes(b -> b.topicArn(arn)).attributes().get("Policy"));
        assertEquals(2, policy.get("Statement").size());
        JsonNode added = policy.get("Statement").get(1);
        assertEquals("share", added.get("Sid").asText());
        assertEquals("arn:aws:iam::111122223333:root", added.get("Principal").get("AWS").asText());
        assertEquals("SNS:Publish", added.get("Action").get(0).asText());
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.addPermission(b -> b.topicArn(arn).label("share").awsAccountIds("111122223333").actionNames("Publish")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.addPermission(b -> b.topicArn(arn).label("bad").awsAccountIds("111122223333").actionNames("Fly")));
        sns.removePermission(b -> b.topicArn(arn).label("share"));
        policy = JSON.readTree(sns.getTopicAttributes(b -> b.topicArn(arn)).attributes().get("Policy"));
        assertEquals(1, policy.get("Statement").size());
        expectError(NotFoundException.class, "NotFound", 404,
                () -> sns.removePermission(b -> b.topicArn(topicArn(uniqueName("none"))).label("x")));
    }

    @Test
    void dataProtectionPolicyIsStored() {
        String arn = sns.createTopic(b -> b.name(uniqueName("dpp"))).topicArn();
        assertEquals("", nullToEmpty(sns.getDataProtectionPolicy(b -> b.resourceArn(arn)).dataProtectionPolicy()));
        String policy = "{\"Name\":\"basic\",\"Version\":\"2021-06-01\",\"Statement\":[]}";
        sns.putDataProtectionPolicy(b -> b.resourceArn(arn).dataProtectionPolicy(policy));
        assertEquals(policy, sns.getDataProtectionPolicy(b -> b.resourceArn(arn)).dataProtectionPolicy());
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.putDataProtectionPolicy(b -> b.resourceArn(arn).dataProtectionPolicy("[1")));
        expectError(NotFoundException.class, "NotFound", 404,
                () -> sns.getDataProtectionPolicy(b -> b.resourceArn(topicArn(uniqueName("none")))));
        String created = sns.createTopic(b -> b.name(uniqueName("dpp")).dataProtectionPolicy(policy)).topicArn();
        assertEquals(policy, sns.getDataProtectionPolicy(b -> b.resourceArn(created)).dataProtectionPolicy());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
