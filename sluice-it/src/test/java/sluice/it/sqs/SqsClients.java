package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.auth.scheme.SqsAuthSchemeProvider;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;
import sluice.testkit.SluiceTestServer;

/**
 * What every SQS black-box test shares (here and in the fifo and durability packages): AWS SDK
 * clients pointed at a Sluice server (by endpoint override, with the server's default
 * credentials), unique queue names and ARNs, paged listings, the assertion of an AWS error
 * (exception class, {@code errorCode} from {@code x-amzn-query-error}, HTTP status) and a bounded
 * wait for an outcome that takes time (a visibility timeout running out).
 */
public final class SqsClients {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private SqsClients() {
    }

    /** A synchronous client on the URLConnection HTTP client. */
    public static SqsClient sync(URI endpoint) {
        return sync(endpoint, SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY);
    }

    public static SqsClient sync(URI endpoint, String accessKey, String secretKey) {
        return builder(endpoint, accessKey, secretKey)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    /**
     * A synchronous client's builder on the endpoint, in us-east-1 with the server's default
     * credentials, for a test that adjusts it (region, HTTP client, interceptors) before building.
     */
    public static SqsClientBuilder builder(URI endpoint) {
        return builder(endpoint, SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY);
    }

    private static SqsClientBuilder builder(URI endpoint, String accessKey, String secretKey) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    }

    /**
     * A synchronous client that signs with the server's manual clock, so a test may move that
     * clock by hours without its requests falling outside SigV4's 15-minute window.
     */
    public static SqsClient sync(URI endpoint, LongSupplier clockMillis) {
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
        return builder(endpoint)
                .authSchemeProvider(params -> defaults.resolveAuthScheme(params).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, signingClock).build())
                        .toList())
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    /** An asynchronous client on the Netty HTTP client, allowed this many connections at once. */
    public static SqsAsyncClient async(URI endpoint, int maxConcurrency) {
        return asyncBuilder(endpoint)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(maxConcurrency)
                        .maxPendingConnectionAcquires(Math.max(10_000, maxConcurrency * 2))
                        .connectionTimeout(Duration.ofSeconds(60))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(120))
                        .readTimeout(Duration.ofSeconds(120)))
                .build();
    }

    /** An asynchronous client's builder on the endpoint, in us-east-1 with the server's default credentials. */
    public static SqsAsyncClientBuilder asyncBuilder(URI endpoint) {
        return SqsAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY)));
    }

    /** A queue name no other test uses: the prefix, a counter and a random suffix. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
    }

    /** The ARN of a queue of the server's account and region. */
    public static String arn(String queueName) {
        return "arn:aws:sqs:" + SluiceTestServer.REGION + ":" + SluiceTestServer.ACCOUNT + ":" + queueName;
    }

    /** Creates a queue and returns its URL. */
    public static String createQueue(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    public static String createQueue(SqsClient sqs, String name) {
        return createQueue(sqs, name, Map.of());
    }

    public static String attribute(SqsClient sqs, String queueUrl, QueueAttributeName name) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(name)).attributes().get(name);
    }

    /** Every URL a paged listing returned, in order, and the size of each page. */
    public record Listing(List<String> urls, List<Integer> pageSizes) {
    }

    /**
     * Pages through a listing of queue URLs: {@code page} asks for the page after a token (null
     * for the first), until a page comes without a next token or ten pages came.
     */
    public static <R> Listing listAll(Function<String, R> page, Function<R, List<String>> urls, Function<R, String> nextToken) {
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            R r = page.apply(token);
            List<String> got = urls.apply(r);
            seen.addAll(got);
            sizes.add(got.size());
            token = nextToken.apply(r);
        } while (token != null && sizes.size() < 10);
        return new Listing(seen, sizes);
    }

    /**
     * Asserts that the call fails with exactly this SDK exception class, this AWS error code (the
     * SDK takes it from the {@code x-amzn-query-error} header) and this HTTP status.
     */
    public static <T extends SqsException> T expectError(Class<T> type, String errorCode, int status, Executable call) {
        SqsException e = assertThrows(SqsException.class, call);
        assertEquals(type, e.getClass(), () -> "exception class; error was " + e.awsErrorDetails());
        assertEquals(errorCode, e.awsErrorDetails().errorCode(), () -> "errorCode; error was " + e.awsErrorDetails());
        assertEquals(status, e.statusCode(), () -> "HTTP status; error was " + e.awsErrorDetails());
        return type.cast(e);
    }

    /** The error of a call on a queue that does not exist: QueueDoesNotExistException, AWS.SimpleQueueService.NonExistentQueue, 400. */
    public static QueueDoesNotExistException expectNonExistentQueue(Executable call) {
        return expectError(QueueDoesNotExistException.class, "AWS.SimpleQueueService.NonExistentQueue", 400, call);
    }

    /** The common {@code InvalidParameterValue} error, which the SDK reports as a plain SqsException. */
    public static SqsException expectInvalidParameter(Executable call) {
        return expectError(SqsException.class, "InvalidParameterValue", 400, call);
    }

    /** Waits (polling, up to the bound) for a condition that becomes true with time; fails if it never does. */
    public static void await(Duration bound, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + bound + ": " + what);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
