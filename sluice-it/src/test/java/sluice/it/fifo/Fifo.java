package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.auth.scheme.SqsAuthSchemeProvider;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import sluice.testkit.SluiceTestServer;

/**
 * What the FIFO, fair-queue and dead-letter tests share (after {@code sluice.it.sqs.SqsClients}):
 * SDK clients on a Sluice endpoint (optionally signing with the server's manual clock), unique
 * queue names, ARNs, AWS error assertions and bounded waits for asynchronous outcomes.
 */
final class Fifo {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Fifo() {
    }

    static SqsClient sync(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    /** A client that signs with the server's manual clock, so that the clock may move by minutes. */
    static SqsClient sync(URI endpoint, LongSupplier clockMillis) {
        Clock signingClock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(clockMillis.getAsLong());
            }
        };
        SqsAuthSchemeProvider defaults = SqsAuthSchemeProvider.defaultProvider();
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY)))
                .authSchemeProvider(params -> defaults.resolveAuthScheme(params).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, signingClock).build())
                        .toList())
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    /** A standard queue name no other test uses. */
    static String uniqueName(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
    }

    /** A FIFO queue name no other test uses (ends with {@code .fifo}). */
    static String fifoName(String prefix) {
        return uniqueName(prefix) + ".fifo";
    }

    static String arn(String queueName) {
        return "arn:aws:sqs:" + SluiceTestServer.REGION + ":" + SluiceTestServer.ACCOUNT + ":" + queueName;
    }

    static String redrivePolicy(String dlqName, int maxReceiveCount) {
        return "{\"deadLetterTargetArn\":\"" + arn(dlqName) + "\",\"maxReceiveCount\":" + maxReceiveCount + "}";
    }

    static String createQueue(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    /** Creates a FIFO queue ({@code FifoQueue=true} plus the given attributes) and returns its URL. */
    static String createFifo(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        Map<QueueAttributeName, String> all = new HashMap<>(attributes);
        all.put(QueueAttributeName.FIFO_QUEUE, "true");
        return createQueue(sqs, name, all);
    }

    static String createFifo(SqsClient sqs, String name) {
        return createFifo(sqs, name, Map.of());
    }

    static String attribute(SqsClient sqs, String queueUrl, QueueAttributeName name) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(name)).attributes().get(name);
    }

    static int count(SqsClient sqs, String queueUrl, QueueAttributeName name) {
        return Integer.parseInt(attribute(sqs, queueUrl, name));
    }

    static SendMessageResponse send(SqsClient sqs, String url, String group, String dedup, String body) {
        return sqs.sendMessage(b -> b.queueUrl(url).messageGroupId(group).messageDeduplicationId(dedup).messageBody(body));
    }

    /** One receive (no long polling) of up to {@code max} messages with all system attributes. */
    static List<Message> receive(SqsClient sqs, String url, int max) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    static List<Message> receive(SqsClient sqs, String url, int max, int visibilityTimeout) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max).visibilityTimeout(visibilityTimeout)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    static void delete(SqsClient sqs, String url, Message m) {
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
    }

    /** Receives (and deletes) until {@code expected} messages came or a receive came back empty; bodies in order. */
    static List<String> drain(SqsClient sqs, String url, int expected) {
        List<String> bodies = new ArrayList<>();
        while (bodies.size() < expected) {
            List<Message> got = receive(sqs, url, 10);
            if (got.isEmpty()) {
                break;
            }
            for (Message m : got) {
                bodies.add(m.body());
                delete(sqs, url, m);
            }
        }
        return bodies;
    }

    static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::body).toList();
    }

    static String systemAttribute(Message m, MessageSystemAttributeName name) {
        return m.attributes().get(name);
    }

    /** Asserts exactly this SDK exception class, AWS error code and HTTP status. */
    static <T extends SqsException> T expectError(Class<T> type, String errorCode, int status, Executable call) {
        SqsException e = assertThrows(SqsException.class, call);
        assertEquals(type, e.getClass(), () -> "exception class; error was " + e.awsErrorDetails());
        assertEquals(errorCode, e.awsErrorDetails().errorCode(), () -> "errorCode; error was " + e.awsErrorDetails());
        assertEquals(status, e.statusCode(), () -> "HTTP status; error was " + e.awsErrorDetails());
        return type.cast(e);
    }

    static SqsException expectInvalidParameter(Executable call) {
        return expectError(SqsException.class, "InvalidParameterValue", 400, call);
    }

    /** Asserts a client error (HTTP 400) whose code is one of {@code codes} (AWS documents the failure, not the code). */
    static SqsException expectRejected(Set<String> codes, Executable call) {
        SqsException e = assertThrows(SqsException.class, call);
        assertTrue(codes.contains(e.awsErrorDetails().errorCode()), () -> "errorCode one of " + codes + "; error was " + e.awsErrorDetails());
        assertEquals(400, e.statusCode(), () -> "HTTP status; error was " + e.awsErrorDetails());
        return e;
    }

    /** Polls (up to the bound) for a condition that becomes true with time; fails if it never does. */
    static void await(Duration bound, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + bound + ": " + what);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
