package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sluice.it.sns.SnsClients.createQueue;
import static sluice.it.sns.SnsClients.subscribeQueue;
import static sluice.it.sns.SnsClients.uniqueName;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import sluice.testkit.SluiceTestServer;

/**
 * GetTopicAttributes' read-only counts: SubscriptionsConfirmed, SubscriptionsPending, and
 * SubscriptionsDeleted, which counts unsubscribed subscriptions (for 48 hours) and survives a
 * restart. (Pending subscriptions expiring after 48 hours: SnsServiceTest, with a controlled clock.)
 */
class SnsSubscriptionCountsTest {

    private static Map<String, String> counts(SnsClient sns, String topic) {
        Map<String, String> a = sns.getTopicAttributes(b -> b.topicArn(topic)).attributes();
        return Map.of("confirmed", a.get("SubscriptionsConfirmed"), "pending", a.get("SubscriptionsPending"),
                "deleted", a.get("SubscriptionsDeleted"));
    }

    @Test
    void unsubscribedSubscriptionsCountAsDeletedAcrossARestart() throws Exception {
        SluiceTestServer server = SluiceTestServer.start();
        try (HttpEndpoint endpoint = new HttpEndpoint()) {
            String topic;
            try (SnsClient sns = SnsClients.sns(server.endpoint()); SqsClient sqs = SnsClients.sqs(server.endpoint())) {
                topic = sns.createTopic(b -> b.name(uniqueName("counts"))).topicArn();
                String first = uniqueName("count-a");
                String second = uniqueName("count-b");
                createQueue(sqs, first);
                createQueue(sqs, second);
                String a = subscribeQueue(sns, topic, first, Map.of());
                String b = subscribeQueue(sns, topic, second, Map.of());
                String t = topic;
                String pending = sns.subscribe(r -> r.topicArn(t).protocol("http").endpoint(endpoint.url("/counts"))
                        .returnSubscriptionArn(true)).subscriptionArn();
                assertEquals(Map.of("confirmed", "2", "pending", "1", "deleted", "0"), counts(sns, topic));

                sns.unsubscribe(r -> r.subscriptionArn(a));
                assertEquals(Map.of("confirmed", "1", "pending", "1", "deleted", "1"), counts(sns, topic));
                sns.unsubscribe(r -> r.subscriptionArn(pending));
                sns.unsubscribe(r -> r.subscriptionArn(a));
                assertEquals(Map.of("confirmed", "1", "pending", "0", "deleted", "2"), counts(sns, topic),
                        "unsubscribing a pending subscription deletes it; unsubscribing again changes nothing");
                sns.unsubscribe(r -> r.subscriptionArn(b));
            }
            server = server.restart();
            try (SnsClient sns = SnsClients.sns(server.endpoint())) {
                assertEquals(Map.of("confirmed", "0", "pending", "0", "deleted", "3"), counts(sns, topic));
            }
        } finally {
            server.close();
        }
    }
}
