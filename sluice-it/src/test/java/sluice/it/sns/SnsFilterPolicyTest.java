package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sluice.it.sns.SnsClients.createQueue;
import static sluice.it.sns.SnsClients.drain;
import static sluice.it.sns.SnsClients.expectError;
import static sluice.it.sns.SnsClients.subscribeQueue;
import static sluice.it.sns.SnsClients.uniqueName;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** Subscription filter policies end to end: each queue gets only what its policy matches. */
class SnsFilterPolicyTest extends SnsServerTest {
    private static String queueFor(String topic, Map<String, String> attributes) {
        String queue = uniqueName("filtered");
        String url = createQueue(sqs, queue);
        java.util.Map<String, String> all = new java.util.HashMap<>(attributes);
        all.put("RawMessageDelivery", "true");
        subscribeQueue(sns, topic, queue, all);
        return url;
    }

    private static List<String> bodies(String url) {
        return drain(sqs, url).stream().map(Message::body).sorted().toList();
    }

    private static void publish(String topic, String body, String color, String price) {
        Map<String, MessageAttributeValue> attributes = new java.util.HashMap<>();
        if (color != null) {
            attributes.put("color", MessageAttributeValue.builder().dataType("String").stringValue(color).build());
        }
        if (price != null) {
            attributes.put("price", MessageAttributeValue.builder().dataType("Number").stringValue(price).build());
        }
        sns.publish(b -> b.topicArn(topic).message(body).messageAttributes(attributes));
    }

    @Test
    void attributePoliciesSelectMessages() {
        String topic = sns.createTopic(b -> b.name(uniqueName("filters"))).topicArn();
        String red = queueFor(topic, Map.of("FilterPolicy", "{\"color\":[\"red\"]}"));
        String cheap = queueFor(topic, Map.of("FilterPolicy", "{\"price\":[{\"numeric\":[\"<\",10]}]}"));
        String notBlue = queueFor(topic, Map.of("FilterPolicy", "{\"color\":[{\"anything-but\":\"blue\"}]}"));
        String all = queueFor(topic, Map.of());
        publish(topic, "red-5", "red", "5");
        publish(topic, "blue-50", "blue", "50");
        publish(topic, "green-2", "green", "2");
        publish(topic, "none", null, null);
        assertEquals(List.of("red-5"), bodies(red));
        assertEquals(List.of("green-2", "red-5"), bodies(cheap));
        assertEquals(List.of("green-2", "red-5"), bodies(notBlue));
        assertEquals(List.of("blue-50", "green-2", "none", "red-5"), bodies(all));
    }

    @Test
    void bodyPoliciesMatchTheJsonMessage() {
        String topic = sns.createTopic(b -> b.name(uniqueName("body"))).topicArn();
        String paid = queueFor(topic, Map.of("FilterPolicyScope", "MessageBody",
                "FilterPolicy", "{\"order\":{\"status\":[\"paid\"]}}"));
        sns.publish(b -> b.topicArn(topic).message("{\"order\":{\"status\":\"paid\",\"id\":1}}"));
        sns.publish(b -> b.topicArn(topic).message("{\"order\":{\"status\":\"open\",\"id\":2}}"));
        sns.publish(b -> b.topicArn(topic).message("not json at all"));
        assertEquals(List.of("{\"order\":{\"status\":\"paid\",\"id\":1}}"), bodies(paid));
    }

    @Test
    void changingThePolicyTakesEffectForTheNextPublish() {
        String topic = sns.createTopic(b -> b.name(uniqueName("change"))).topicArn();
        String queue = uniqueName("change-q");
        String url = createQueue(sqs, queue);
        String subscription = subscribeQueue(sns, topic, queue, Map.of("RawMessageDelivery", "true",
                "FilterPolicy", "{\"color\":[\"red\"]}"));
        publish(topic, "blue-1", "blue", null);
        sns.setSubscriptionAttributes(b -> b.subscriptionArn(subscription).attributeName("FilterPolicy")
                .attributeValue("{\"color\":[\"blue\"]}"));
        publish(topic, "blue-2", "blue", null);
        assertEquals(List.of("blue-2"), bodies(url));
    }

    @Test
    void invalidPoliciesAreRefusedWithAwssPrefix() {
        String topic = sns.createTopic(b -> b.name(uniqueName("bad"))).topicArn();
        String subscription = subscribeQueue(sns, topic, uniqueName("bad-q"), Map.of());
        software.amazon.awssdk.services.sns.model.SnsException e = expectError(InvalidParameterException.class,
                "InvalidParameter", 400, () -> sns.setSubscriptionAttributes(b -> b.subscriptionArn(subscription)
                        .attributeName("FilterPolicy").attributeValue("{\"color\": \"red\"}")));
        String message = e.awsErrorDetails().errorMessage();
        assertEquals(true, message.startsWith("Invalid parameter: FilterPolicy: "), message);
        e = expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.setSubscriptionAttributes(b -> b.subscriptionArn(subscription)
                        .attributeName("FilterPolicy").attributeValue("{not json")));
        assertEquals("Invalid parameter: FilterPolicy: failed to parse JSON.", e.awsErrorDetails().errorMessage());
    }
}
