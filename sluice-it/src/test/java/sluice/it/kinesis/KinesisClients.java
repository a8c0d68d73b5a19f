package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.function.Executable;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.auth.scheme.KinesisAuthSchemeProvider;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

/**
 * What every Kinesis black-box test shares: SDK clients pointed at a Sluice server (sync on
 * URLConnection, CBOR by default; async on Netty, which speaks h2c prior knowledge), unique stream
 * names and the assertion of an AWS error.
 */
final class KinesisClients {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY));

    private KinesisClients() {
    }

    static KinesisClient sync(URI endpoint) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    /**
     * A sync client built while {@code aws.cborEnabled=false}: the SDK reads the setting when the
     * client is built, so the property is set only around the build (tests in this module run one
     * at a time in one JVM).
     */
    static KinesisClient syncJson(URI endpoint) {
        String before = System.getProperty("aws.cborEnabled");
        System.setProperty("aws.cborEnabled", "false");
        try {
            return sync(endpoint);
        } finally {
            if (before == null) {
                System.clearProperty("aws.cborEnabled");
            } else {
                System.setProperty("aws.cborEnabled", before);
            }
        }
    }

    /** A sync client that signs with the server's manual clock, so tests may move it by hours. */
    static KinesisClient sync(URI endpoint, LongSupplier clockMillis) {
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
        KinesisAuthSchemeProvider defaults = KinesisAuthSchemeProvider.defaultProvider();
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .authSchemeProvider(params -> defaults.resolveAuthScheme(params).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, signingClock).build())
                        .toList())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static KinesisAsyncClient async(URI endpoint) {
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(60))
                        .readTimeout(Duration.ofSeconds(60)))
                .build();
    }

    /** An async client on HTTP/1.1 instead of the Kinesis default, HTTP/2. */
    static KinesisAsyncClient asyncHttp1(URI endpoint) {
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .protocol(software.amazon.awssdk.http.Protocol.HTTP1_1)
                        .connectionTimeout(Duration.ofSeconds(60))
                        .readTimeout(Duration.ofSeconds(60)))
                .build();
    }

    /** An async client on TLS (h2 by ALPN) that trusts any certificate (the server's is self-signed). */
    static KinesisAsyncClient asyncTls(int port) {
        return KinesisAsyncClient.builder()
                .endpointOverride(URI.create("https://localhost:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(NettyNioAsyncHttpClient.builder()
                        .protocol(software.amazon.awssdk.http.Protocol.HTTP2)
                        .connectionTimeout(Duration.ofSeconds(60))
                        .readTimeout(Duration.ofSeconds(60))
                        .buildWithDefaults(software.amazon.awssdk.utils.AttributeMap.builder()
                                .put(software.amazon.awssdk.http.SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build()))
                .build();
    }

    /** An async client built while {@code aws.cborEnabled=false} (see {@link #syncJson}). */
    static KinesisAsyncClient asyncJson(URI endpoint) {
        String before = System.getProperty("aws.cborEnabled");
        System.setProperty("aws.cborEnabled", "false");
        try {
            return async(endpoint);
        } finally {
            if (before == null) {
                System.clearProperty("aws.cborEnabled");
            } else {
                System.setProperty("aws.cborEnabled", before);
            }
        }
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
    }

    /** Asserts the call fails with exactly this SDK exception class, AWS error code and HTTP status. */
    static <T extends KinesisException> T expectError(Class<T> type, String errorCode, int status, Executable call) {
        KinesisException e = assertThrows(KinesisException.class, call);
        assertEquals(type, e.getClass(), () -> "exception class; error was " + e.awsErrorDetails());
        assertEquals(errorCode, e.awsErrorDetails().errorCode(), "errorCode");
        assertEquals(status, e.statusCode(), "HTTP status");
        return type.cast(e);
    }
}
