package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.createQueue;
import static sluice.it.sns.SnsClients.createQueueWithoutPolicy;
import static sluice.it.sns.SnsClients.drain;
import static sluice.it.sns.SnsClients.queueArn;
import static sluice.it.sns.SnsClients.queuePolicy;
import static sluice.it.sns.SnsClients.subscribeQueue;
import static sluice.it.sns.SnsClients.topicArn;
import static sluice.it.sns.SnsClients.uniqueName;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * AWS delivers a topic's messages to a queue only when the queue's access policy allows the topic
 * to sqs:SendMessage, even in the same account; Subscribe succeeds regardless, and a refused
 * delivery goes to the subscription's dead-letter queue (whose policy must allow the topic too).
 */
class SnsQueuePolicyTest extends SnsServerTest {
    private static void setPolicy(String url, String policy) {
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
    }

    @Test
    void onlyQueuesWhosePolicyAllowsTheTopicGetItsMessages() {
        String topicName = uniqueName("guarded");
        String topic = sns.createTopic(b -> b.name(topicName)).topicArn();
        String dlqName = uniqueName("guarded-dlq");
        String dlq = createQueue(sqs, dlqName);
        Map<String, String> redrive = Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + queueArn(dlqName) + "\"}",
                "RawMessageDelivery", "true");

        String open = uniqueName("no-policy");
        String openUrl = createQueueWithoutPolicy(sqs, open);
        String allowed = uniqueName("arn-equals");
        String allowedUrl = createQueueWithoutPolicy(sqs, allowed);
        setPolicy(allowedUrl, queuePolicy(queueArn(allowed), "ArnEquals", topic));
        String other = uniqueName("other-topic");
        String otherUrl = createQueueWithoutPolicy(sqs, other);
        setPolicy(otherUrl, queuePolicy(queueArn(other), "ArnEquals", topicArn(uniqueName("someone-else"))));
        for (String queue : List.of(open, allowed, other)) {
            subscribeQueue(sns, topic, queue, redrive);
        }

        sns.publish(b -> b.topicArn(topic).message("first"));
        assertEquals(List.of("first"), bodies(drain(sqs, allowedUrl)));
        assertTrue(drain(sqs, openUrl).isEmpty(), "no policy: no delivery, even in the topic's own account");
        assertTrue(drain(sqs, otherUrl).isEmpty(), "a policy for another topic: no delivery");
        assertEquals(List.of("first", "first"), bodies(drain(sqs, dlq)), "refused deliveries are dead-lettered");

        setPolicy(openUrl, queuePolicy(queueArn(open), "ArnLike", "arn:aws:sns:us-east-1:" + SnsClients.ACCOUNT + ":guarded-*"));
        sns.publish(b -> b.topicArn(topic).message("second"));
        assertEquals(List.of("second"), bodies(drain(sqs, openUrl)), "ArnLike with a wildcard allows");
        assertEquals(List.of("second"), bodies(drain(sqs, allowedUrl)));
        assertEquals(List.of("second"), bodies(drain(sqs, dlq)));
    }

    @Test
    void anExplicitDenyInTheQueuePolicyWins() {
        String topic = sns.createTopic(b -> b.name(uniqueName("denied"))).topicArn();
        String queue = uniqueName("deny");
        String url = createQueueWithoutPolicy(sqs, queue);
        setPolicy(url, "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + queueArn(queue) + "\","
                + "\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"" + SnsClients.ACCOUNT + "\"}}},"
                + "{\"Effect\":\"Deny\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:*\",\"Resource\":\"*\","
                + "\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + topic + "\"}}}]}");
        subscribeQueue(sns, topic, queue, Map.of());
        sns.publish(b -> b.topicArn(topic).message("blocked"));
        assertTrue(drain(sqs, url).isEmpty());
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::body).sorted().toList();
    }
}
