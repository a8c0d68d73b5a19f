package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.createQueue;
import static sluice.it.sns.SnsClients.expectError;
import static sluice.it.sns.SnsClients.queueArn;
import static sluice.it.sns.SnsClients.subscribeQueue;
import static sluice.it.sns.SnsClients.topicArn;
import static sluice.it.sns.SnsClients.uniqueName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;

/** Subscribe, confirm, list, attributes and Unsubscribe through the AWS SDK's SNS client. */
class SnsSubscriptionsTest extends SnsServerTest {
    @Test
    void sqsSubscriptionsAreConfirmedAtOnceAndIdempotent() {
        String topic = sns.createTopic(b -> b.name(uniqueName("subs"))).topicArn();
        String queue = uniqueName("q");
        createQueue(sqs, queue);
        String arn = sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn(queue))).subscriptionArn();
        assertTrue(arn.startsWith(topic + ":"), arn);
        assertEquals(arn, subscribeQueue(sns, topic, queue, Map.of()));
        Map<String, String> a = sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes();
        assertEquals("false", a.get("PendingConfirmation"));
        assertEquals("true", a.get("ConfirmationWasAuthenticated"));
        assertEquals("false", a.get("RawMessageDelivery"));
        assertEquals("sqs", a.get("Protocol"));
        assertEquals(queueArn(queue), a.get("Endpoint"));
        assertEquals(topic, a.get("TopicArn"));
        assertEquals(SnsClients.ACCOUNT, a.get("Owner"));
        assertEquals(arn, a.get("SubscriptionArn"));
        assertFalse(a.containsKey("FilterPolicy"));
        Map<String, String> t = sns.getTopicAttributes(b -> b.topicArn(topic)).attributes();
        assertEquals("1", t.get("SubscriptionsConfirmed"));
    }

    @Test
    void httpSubscriptionsWaitForConfirmation() {
        String topic = sns.createTopic(b -> b.name(uniqueName("http"))).topicArn();
        String response = sns.subscribe(b -> b.topicArn(topic).protocol("https").endpoint("https://example.com/hook"))
                .subscriptionArn();
        assertEquals("pending confirmation", response);
        String arn = sns.subscribe(b -> b.topicArn(topic).protocol("https").endpoint("https://example.com/hook")
                .returnSubscriptionArn(true)).subscriptionArn();
        assertTrue(arn.startsWith(topic + ":"), arn);
        Map<String, String> a = sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes();
        assertEquals("true", a.get("PendingConfirmation"));
        assertTrue(a.containsKey("EffectiveDeliveryPolicy"));
        assertEquals("1", sns.getTopicAttributes(b -> b.topicArn(topic)).attributes().get("SubscriptionsPending"));
        List<Subscription> listed = sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions();
        assertEquals("PendingConfirmation", listed.get(0).subscriptionArn());
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: Token",
                () -> sns.confirmSubscription(b -> b.topicArn(topic).token("00ff")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: Topic",
                () -> sns.confirmSubscription(b -> b.topicArn("nope").token("00ff")));
    }

    @Test
    void subscribeValidatesProtocolAndEndpoint() {
        String topic = sns.createTopic(b -> b.name(uniqueName("valid"))).topicArn();
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon",
                () -> sns.subscribe(b -> b.topicArn(topic).protocol("carrier-pigeon").endpoint("x")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: SQS endpoint ARN",
                () -> sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint("my-queue")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Endpoint must match the specified protocol",
                () -> sns.subscribe(b -> b.topicArn(topic).protocol("http").endpoint("https://example.com")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics",
                () -> sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn("q.fifo"))));
        expectError(NotFoundException.class, "NotFound", 404, "Topic does not exist",
                () -> sns.subscribe(b -> b.topicArn(topicArn(uniqueName("none"))).protocol("sqs").endpoint(queueArn("q"))));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [yes]. Must be true or false.",
                () -> subscribeQueue(sns, topic, "q", Map.of("RawMessageDelivery", "yes")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> subscribeQueue(sns, topic, "q", Map.of("Colour", "blue")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> subscribeQueue(sns, topic, "q", Map.of("FilterPolicy", "{\"a\": \"not-an-array\"}")));
    }

    @Test
    void subscribingAgainWithOtherAttributesIsRefused() {
        String topic = sns.createTopic(b -> b.name(uniqueName("again"))).topicArn();
        String arn = subscribeQueue(sns, topic, "q-again", Map.of("RawMessageDelivery", "true"));
        assertEquals(arn, subscribeQueue(sns, topic, "q-again", Map.of("RawMessageDelivery", "true")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Attributes Reason: Subscription already exists with different attributes",
                () -> subscribeQueue(sns, topic, "q-again", Map.of("RawMessageDelivery", "false")));
    }

    @Test
    void subscriptionAttributesAreSetAndValidated() {
        String topic = sns.createTopic(b -> b.name(uniqueName("sa"))).topicArn();
        String arn = subscribeQueue(sns, topic, "q-sa", Map.of("FilterPolicy", "{\"color\":[\"red\"]}"));
        Map<String, String> a = sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes();
        assertEquals("{\"color\":[\"red\"]}", a.get("FilterPolicy"));
        assertEquals("MessageAttributes", a.get("FilterPolicyScope"));
        sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("RawMessageDelivery").attributeValue("True"));
        sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("FilterPolicyScope").attributeValue("MessageBody"));
        String redrive = "{\"deadLetterTargetArn\":\"" + queueArn("dlq") + "\"}";
        sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("RedrivePolicy").attributeValue(redrive));
        a = sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes();
        assertEquals("true", a.get("RawMessageDelivery"));
        assertEquals("MessageBody", a.get("FilterPolicyScope"));
        assertEquals(redrive, a.get("RedrivePolicy"));
        sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("FilterPolicy").attributeValue(""));
        a = sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes();
        assertFalse(a.containsKey("FilterPolicy"));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: AttributeName",
                () -> sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("Owner").attributeValue("x")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: RedrivePolicy: failed to parse JSON.",
                () -> sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("RedrivePolicy").attributeValue("{")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName("FilterPolicyScope").attributeValue("Nope")));
        String missing = topic + ":00000000-0000-0000-0000-000000000000";
        expectError(NotFoundException.class, "NotFound", 404, "Subscription does not exist",
                () -> sns.getSubscriptionAttributes(b -> b.subscriptionArn(missing)));
        expectError(NotFoundException.class, "NotFound", 404, "Subscription does not exist",
                () -> sns.setSubscriptionAttributes(b -> b.subscriptionArn(missing).attributeName("RawMessageDelivery").attributeValue("true")));
    }

    @Test
    void unsubscribeRemovesTheSubscriptionAndIsIdempotent() {
        String topic = sns.createTopic(b -> b.name(uniqueName("unsub"))).topicArn();
        String arn = subscribeQueue(sns, topic, "q-unsub", Map.of());
        sns.unsubscribe(b -> b.subscriptionArn(arn));
        sns.unsubscribe(b -> b.subscriptionArn(arn));
        assertTrue(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().isEmpty());
        expectError(NotFoundException.class, "NotFound", 404, () -> sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
                () -> sns.unsubscribe(b -> b.subscriptionArn("garbage")));
        String again = subscribeQueue(sns, topic, "q-unsub", Map.of());
        assertNotEquals(arn, again);
    }

    @Test
    void deletingATopicDeletesItsSubscriptions() {
        String topic = sns.createTopic(b -> b.name(uniqueName("cascade"))).topicArn();
        String arn = subscribeQueue(sns, topic, "q-cascade", Map.of());
        sns.deleteTopic(b -> b.topicArn(topic));
        expectError(NotFoundException.class, "NotFound", 404, () -> sns.getSubscriptionAttributes(b -> b.subscriptionArn(arn)));
        assertFalse(allSubscriptions().stream().anyMatch(s -> s.subscriptionArn().equals(arn)));
    }

    @Test
    void listingsPageByAHundred() {
        String topic = sns.createTopic(b -> b.name(uniqueName("many"))).topicArn();
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 103; i++) {
            String queue = "q-many-" + i;
            arns.add(sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn(queue))).subscriptionArn());
        }
        ListSubscriptionsByTopicResponse first = sns.listSubscriptionsByTopic(b -> b.topicArn(topic));
        assertEquals(100, first.subscriptions().size());
        ListSubscriptionsByTopicResponse second = sns.listSubscriptionsByTopic(b -> b.topicArn(topic).nextToken(first.nextToken()));
        assertEquals(3, second.subscriptions().size());
        assertNull(second.nextToken());
        List<String> listed = new ArrayList<>();
        first.subscriptions().forEach(s -> listed.add(s.subscriptionArn()));
        second.subscriptions().forEach(s -> listed.add(s.subscriptionArn()));
        assertEquals(new HashSet<>(arns), new HashSet<>(listed));
        assertTrue(allSubscriptions().stream().map(Subscription::subscriptionArn).toList().containsAll(arns));
        Subscription s = first.subscriptions().get(0);
        assertEquals("sqs", s.protocol());
        assertEquals(topic, s.topicArn());
        assertEquals(SnsClients.ACCOUNT, s.owner());
    }

    private static List<Subscription> allSubscriptions() {
        List<Subscription> all = new ArrayList<>();
        sns.listSubscriptionsPaginator().subscriptions().forEach(all::add);
        return all;
    }
}
