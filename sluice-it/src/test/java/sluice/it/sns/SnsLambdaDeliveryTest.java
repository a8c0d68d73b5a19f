package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.createQueue;
import static sluice.it.sns.SnsClients.queueArn;
import static sluice.it.sns.SnsClients.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import sluice.testkit.SluiceTestServer;

/**
 * Lambda subscriptions invoke the Lambda-Invoke-compatible endpoint configured for their function
 * (an asynchronous Invoke carrying AWS's SNS event), retry server errors as AWS does for managed
 * endpoints, and send what the function refuses (a client error) to the dead-letter queue.
 */
class SnsLambdaDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:" + SnsClients.ACCOUNT + ":function:handler";

    @Test
    void publishInvokesTheFunctionWithAnSnsEventAndRetriesServerErrors() throws Exception {
        try (HttpEndpoint lambda = new HttpEndpoint();
             SluiceTestServer server = SluiceTestServer.start(c -> c.withOutbound(c.outbound()
                     .withLambdaFunctions(Map.of(FUNCTION, lambda.url("")))));
             SnsClient sns = SnsClients.sns(server.endpoint())) {
            String topic = sns.createTopic(b -> b.name(uniqueName("lambda"))).topicArn();
            String subscription = sns.subscribe(b -> b.topicArn(topic).protocol("lambda").endpoint(FUNCTION))
                    .subscriptionArn();
            lambda.answer(202);
            String messageId = sns.publish(b -> b.topicArn(topic).subject("hi").message("to the function")
                    .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String")
                            .stringValue("test").build()))).messageId();

            HttpEndpoint.Received invoke = lambda.next();
            assertEquals("POST", invoke.method());
            assertEquals("/2015-03-31/functions/handler/invocations", invoke.path());
            assertEquals("Event", invoke.header("X-Amz-Invocation-Type"));
            JsonNode record = JSON.readTree(invoke.body()).get("Records").get(0);
            assertEquals("aws:sns", record.get("EventSource").asText());
            assertEquals("1.0", record.get("EventVersion").asText());
            assertEquals(subscription, record.get("EventSubscriptionArn").asText());
            JsonNode event = record.get("Sns");
            assertEquals("Notification", event.get("Type").asText());
            assertEquals(messageId, event.get("MessageId").asText());
            assertEquals(topic, event.get("TopicArn").asText());
            assertEquals("hi", event.get("Subject").asText());
            assertEquals("to the function", event.get("Message").asText());
            assertEquals("test", event.get("MessageAttributes").get("kind").get("Value").asText());
            assertTrue(event.get("SigningCertUrl").asText().startsWith("http"));

            lambda.failNext(2, 500);
            String retried = sns.publish(b -> b.topicArn(topic).message("after two failures")).messageId();
            for (int attempt = 0; attempt < 3; attempt++) {
                JsonNode sns2 = JSON.readTree(lambda.next().body()).get("Records").get(0).get("Sns");
                assertEquals(retried, sns2.get("MessageId").asText(), "attempt " + attempt);
            }
            assertNull(lambda.poll(300), "no invocation after the successful one");
        }
    }

    @Test
    void aClientErrorIsNotRetriedButDeadLettered() throws Exception {
        try (HttpEndpoint lambda = new HttpEndpoint();
             SluiceTestServer server = SluiceTestServer.start(c -> c.withOutbound(c.outbound()
                     .withLambdaFunctions(Map.of(FUNCTION, lambda.url("")))));
             SnsClient sns = SnsClients.sns(server.endpoint()); SqsClient sqs = SnsClients.sqs(server.endpoint())) {
            lambda.answer(404);
            String dlqName = uniqueName("lambda-dlq");
            String dlq = createQueue(sqs, dlqName);
            String topic = sns.createTopic(b -> b.name(uniqueName("lambda-none"))).topicArn();
            sns.subscribe(b -> b.topicArn(topic).protocol("lambda").endpoint(FUNCTION).attributes(Map.of(
                    "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + queueArn(dlqName) + "\"}")));
            String messageId = sns.publish(b -> b.topicArn(topic).message("nowhere to go")).messageId();
            String body = SnsDeliveryRetryTest.receiveOne(sqs, dlq).body();
            assertTrue(body.contains(messageId) && body.contains("nowhere to go"), body);
            assertEquals(1, lambda.requestCount(), "a client error is not retried");
        }
    }
}
