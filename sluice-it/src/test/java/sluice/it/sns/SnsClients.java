package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import sluice.testkit.SluiceTestServer;

/**
 * What every SNS black-box test shares: SNS and SQS clients of the AWS SDK pointed at a Sluice
 * server, unique names, queues to fan out to, draining a queue, and the assertion of an AWS error
 * (exception class, query error code, HTTP status, message).
 */
final class SnsClients {
    static final String ACCOUNT = SluiceTestServer.ACCOUNT;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private SnsClients() {
    }

    static SnsClient sns(URI endpoint) {
        return sns(endpoint, SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY);
    }

    static SnsClient sns(URI endpoint, String accessKey, String secretKey) {
        return SnsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    static SqsClient sqs(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
    }

    static String topicArn(String name) {
        return "arn:aws:sns:us-east-1:" + ACCOUNT + ":" + name;
    }

    static String queueArn(String name) {
        return "arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + name;
    }

    /**
     * A queue to fan out to, whose Policy lets every topic of the test account send to it (AWS
     * delivers to a queue only when its policy allows the topic); returns its URL.
     */
    static String createQueue(SqsClient sqs, String name) {
        String url = createQueueWithoutPolicy(sqs, name);
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY,
                queuePolicy(queueArn(name), "ArnLike", "arn:aws:sns:us-east-1:" + ACCOUNT + ":*"))));
        return url;
    }

    /** A queue with no access policy; returns its URL. */
    static String createQueueWithoutPolicy(SqsClient sqs, String name) {
        Map<QueueAttributeName, String> attributes = name.endsWith(".fifo")
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of();
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    /** A queue policy granting SNS sqs:SendMessage for topics whose ARN passes {@code operator} aws:SourceArn. */
    static String queuePolicy(String queueArn, String operator, String sourceArn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\","
                + "\"Resource\":\"" + queueArn + "\",\"Condition\":{\"" + operator + "\":{\"aws:SourceArn\":\""
                + sourceArn + "\"}}}]}";
    }

    /** Subscribes the queue to the topic and returns the subscription ARN. */
    static String subscribeQueue(SnsClient sns, String topicArn, String queueName, Map<String, String> attributes) {
        return sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn(queueName))
                .attributes(attributes).returnSubscriptionArn(true)).subscriptionArn();
    }

    /** Every message in the queue now (deliveries are durable once Publish returns), deleted as read. */
    static List<Message> drain(SqsClient sqs, String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            for (Message m : batch) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** Asserts the call fails with exactly this exception class, query error code and HTTP status. */
    static <T extends SnsException> T expectError(Class<T> type, String errorCode, int status, Executable call) {
        SnsException e = assertThrows(SnsException.class, call);
        assertEquals(type, e.getClass(), () -> "exception class; error was " + e.awsErrorDetails());
        assertEquals(errorCode, e.awsErrorDetails().errorCode(), "errorCode");
        assertEquals(status, e.statusCode(), "HTTP status");
        return type.cast(e);
    }

    /** As {@link #expectError}, and the message AWS sends. */
    static void expectError(Class<? extends SnsException> type, String errorCode, int status, String message, Executable call) {
        SnsException e = expectError(type, errorCode, status, call);
        assertEquals(message, e.awsErrorDetails().errorMessage(), "error message");
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
    }
}
