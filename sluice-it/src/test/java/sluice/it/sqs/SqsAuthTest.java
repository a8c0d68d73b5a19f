package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectError;
import static sluice.it.sqs.SqsClients.expectNonExistentQueue;
import static sluice.it.sqs.SqsClients.uniqueName;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;
import sluice.testkit.SluiceTestServer;

/**
 * Who may call and where: SigV4 failures come back as AWS's errors, the region of the credential
 * scope is the region of the queues, and a request may name its queue by path instead of body.
 */
class SqsAuthTest extends SqsServerBase {
    @Test
    void aWrongSecretKeyIsASignatureMismatch() {
        String url = createQueue(sqs, uniqueName("auth"));
        try (SqsClient wrong = SqsClients.sync(server.endpoint(), SluiceTestServer.ACCESS_KEY, "not-the-secret")) {
            expectError(SqsException.class, "SignatureDoesNotMatch", 403, () -> wrong.listQueues());
            expectError(SqsException.class, "SignatureDoesNotMatch", 403,
                    () -> wrong.sendMessage(b -> b.queueUrl(url).messageBody("forged")));
        }
        assertEquals("0", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void anUnknownAccessKeyIsAnInvalidClientTokenId() {
        String name = uniqueName("auth-unknown");
        try (SqsClient stranger = SqsClients.sync(server.endpoint(), "AKIDNOTKNOWNHERE", "whatever")) {
            expectError(SqsException.class, "InvalidClientTokenId", 403, () -> stranger.createQueue(b -> b.queueName(name)));
        }
        expectNonExistentQueue(() -> sqs.getQueueUrl(b -> b.queueName(name)));
    }

    @Test
    void queuesBelongToTheRegionOfTheCredentialScope() {
        String name = uniqueName("regional");
        String url = createQueue(sqs, name);
        try (SqsClient west = SqsClients.builder(server.endpoint()).region(Region.EU_WEST_1)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            expectNonExistentQueue(() -> west.getQueueUrl(b -> b.queueName(name)));
            assertFalse(west.listQueues(b -> b.queueNamePrefix(name)).queueUrls().contains(url));
            String westUrl = west.createQueue(b -> b.queueName(name)).queueUrl();
            assertEquals("arn:aws:sqs:eu-west-1:" + SluiceTestServer.ACCOUNT + ":" + name,
                    SqsClients.attribute(west, westUrl, QueueAttributeName.QUEUE_ARN));
        }
        assertEquals("arn:aws:sqs:us-east-1:" + SluiceTestServer.ACCOUNT + ":" + name,
                SqsClients.attribute(sqs, url, QueueAttributeName.QUEUE_ARN));
    }

    /** Rewrites every request's path (before it is signed) to name the queue, as older SDKs did. */
    private static ExecutionInterceptor pathTo(String queuePath) {
        return new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                return context.httpRequest().toBuilder().encodedPath(queuePath).build();
            }
        };
    }

    @Test
    void theQueueUrlMayBeTakenFromThePath() {
        String name = uniqueName("by-path");
        String url = createQueue(sqs, name);
        try (SqsClient byPath = SqsClients.builder(server.endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(pathTo("/" + SluiceTestServer.ACCOUNT + "/" + name)))
                .build()) {
            byPath.sendMessage(b -> b.messageBody("addressed by path"));
            assertEquals("1", byPath.getQueueAttributes(b -> b.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            assertTrue(byPath.receiveMessage(b -> b.maxNumberOfMessages(1)).messages().stream()
                    .anyMatch(m -> m.body().equals("addressed by path")));
        }
        assertEquals("1", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
