package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.createQueue;
import static sluice.it.sns.SnsClients.drain;
import static sluice.it.sns.SnsClients.expectError;
import static sluice.it.sns.SnsClients.subscribeQueue;
import static sluice.it.sns.SnsClients.uniqueName;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;
import sluice.testkit.SluiceTestServer;

/**
 * A clean restart on the same data directory keeps every acknowledged topic with its attributes,
 * tags and data protection policy, every subscription with its attributes (filter policies
 * included), and none that was deleted; the signing key survives too, so the certificate URL of a
 * notification stays valid.
 */
class SnsRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void topicsAndSubscriptionsSurviveARestart() throws Exception {
        String name = uniqueName("durable");
        String fifoName = uniqueName("durable") + ".fifo";
        String goneName = uniqueName("durable-gone");
        String queue = uniqueName("durable-q");
        String fifoQueue = uniqueName("durable-q") + ".fifo";
        String topic;
        String fifoTopic;
        String kept;
        String removed;
        Map<String, String> topicAttributesBefore;
        Map<String, String> subscriptionAttributesBefore;
        String certUrlPath;
        SluiceTestServer server = SluiceTestServer.start();
        try {
            try (SnsClient sns = SnsClients.sns(server.endpoint()); SqsClient sqs = SnsClients.sqs(server.endpoint())) {
                createQueue(sqs, queue);
                createQueue(sqs, fifoQueue);
                topic = sns.createTopic(b -> b.name(name).attributes(Map.of("DisplayName", "Durable"))
                        .tags(Tag.builder().key("team").value("core").build())).topicArn();
                sns.setTopicAttributes(b -> b.topicArn(topic).attributeName("SignatureVersion").attributeValue("2"));
                sns.putDataProtectionPolicy(b -> b.resourceArn(topic).dataProtectionPolicy("{\"Name\":\"p\"}"));
                sns.addPermission(b -> b.topicArn(topic).label("share").awsAccountIds("111122223333").actionNames("Publish"));
                fifoTopic = sns.createTopic(b -> b.name(fifoName).attributes(Map.of("FifoTopic", "true",
                        "ContentBasedDeduplication", "true"))).topicArn();
                String gone = sns.createTopic(b -> b.name(goneName)).topicArn();
                subscribeQueue(sns, gone, queue, Map.of());
                sns.deleteTopic(b -> b.topicArn(gone));
                kept = subscribeQueue(sns, topic, queue, Map.of("RawMessageDelivery", "true",
                        "FilterPolicy", "{\"kind\":[\"keep\"]}"));
                removed = sns.subscribe(b -> b.topicArn(topic).protocol("https").endpoint("https://example.com/x")
                        .returnSubscriptionArn(true)).subscriptionArn();
                sns.unsubscribe(b -> b.subscriptionArn(removed));
                subscribeQueue(sns, fifoTopic, fifoQueue, Map.of());
                topicAttributesBefore = sns.getTopicAttributes(b -> b.topicArn(topic)).attributes();
                subscriptionAttributesBefore = sns.getSubscriptionAttributes(b -> b.subscriptionArn(kept)).attributes();
                String fifoQueueUrl = server.queueUrl(fifoQueue);
                sns.publish(b -> b.topicArn(fifoTopic).message("before").messageGroupId("g"));
                String certUrl = JSON.readTree(drain(sqs, fifoQueueUrl).get(0).body()).get("SigningCertURL").asText();
                certUrlPath = certUrl.substring(certUrl.indexOf("/_sluice/"));
            }
            server = server.restart();
            try (SnsClient sns = SnsClients.sns(server.endpoint()); SqsClient sqs = SnsClients.sqs(server.endpoint())) {
                List<String> topics = sns.listTopics().topics().stream().map(t -> t.topicArn()).toList();
                assertTrue(topics.contains(topic) && topics.contains(fifoTopic), topics.toString());
                assertFalse(topics.contains(SnsClients.topicArn(goneName)));
                assertEquals(topicAttributesBefore, sns.getTopicAttributes(b -> b.topicArn(topic)).attributes());
                assertEquals("{\"Name\":\"p\"}", sns.getDataProtectionPolicy(b -> b.resourceArn(topic)).dataProtectionPolicy());
                assertEquals("core", sns.listTagsForResource(b -> b.resourceArn(topic)).tags().get(0).value());
                assertEquals("true", sns.getTopicAttributes(b -> b.topicArn(fifoTopic)).attributes().get("ContentBasedDeduplication"));
                assertEquals(subscriptionAttributesBefore, sns.getSubscriptionAttributes(b -> b.subscriptionArn(kept)).attributes());
                expectError(NotFoundException.class, "NotFound", 404,
                        () -> sns.getSubscriptionAttributes(b -> b.subscriptionArn(removed)));
                List<String> subscriptions = sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().stream()
                        .map(s -> s.subscriptionArn()).toList();
                assertEquals(List.of(kept), subscriptions);
                Map<String, MessageAttributeValue> keep = new HashMap<>();
                keep.put("kind", MessageAttributeValue.builder().dataType("String").stringValue("keep").build());
                sns.publish(b -> b.topicArn(topic).message("after").messageAttributes(keep));
                sns.publish(b -> b.topicArn(topic).message("filtered out"));
                String url = server.queueUrl(queue);
                assertEquals(List.of("after"), drain(sqs, url).stream().map(m -> m.body()).toList());
                sns.publish(b -> b.topicArn(fifoTopic).message("after").messageGroupId("g"));
                String certUrl = JSON.readTree(drain(sqs, server.queueUrl(fifoQueue)).get(0).body()).get("SigningCertURL").asText();
                assertEquals(certUrlPath, certUrl.substring(certUrl.indexOf("/_sluice/")), "same signing certificate");
            }
        } finally {
            server.close();
        }
    }
}
