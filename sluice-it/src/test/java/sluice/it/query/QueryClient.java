package sluice.it.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import sluice.testkit.SluiceTestServer;

/**
 * A minimal client of the SQS query dialect: form-encoded POSTs signed with the AWS SDK's own
 * SigV4 signer (service {@code sqs}, region {@code us-east-1}), sent with the JDK's HTTP client,
 * answers parsed into {@link QueryResponse}. Also signs presigned URLs (query-string SigV4).
 * Immutable; {@code with…} methods return adjusted copies.
 */
public final class QueryClient {
    static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
    static final String SERVICE = "sqs";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final Clock clock;

    public QueryClient(URI endpoint) {
        this(endpoint, SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY, SluiceTestServer.REGION, Clock.systemUTC());
    }

    private QueryClient(URI endpoint, String accessKey, String secretKey, String region, Clock clock) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
        this.clock = clock;
    }

    QueryClient withCredentials(String accessKey, String secretKey) {
        return new QueryClient(endpoint, accessKey, secretKey, region, clock);
    }

    /** Signs with this clock's time instead of now (for requests dated in the past). */
    QueryClient withSigningClock(Clock clock) {
        return new QueryClient(endpoint, accessKey, secretKey, region, clock);
    }

    URI endpoint() {
        return endpoint;
    }

    /** POST to {@code /}, signed. */
    public QueryResponse call(Form form) {
        return post("/", form);
    }

    /** POST to {@code path} (e.g. {@code /000000000000/orders}), signed. */
    QueryResponse post(String path, Form form) {
        byte[] body = form.bytes();
        return send(sign(post(path), body), body);
    }

    /** Signs {@code signedForm} but sends {@code sentForm} with the signature of the first. */
    QueryResponse postTampered(Form signedForm, Form sentForm) {
        return send(sign(post("/"), signedForm.bytes()), sentForm.bytes());
    }

    /** POST to {@code /} with no Authorization header and no query authentication at all. */
    QueryResponse postUnsigned(Form form) {
        byte[] body = form.bytes();
        return send(post("/"), body);
    }

    /** Sends a request exactly as given (already signed or deliberately broken). */
    QueryResponse send(SdkHttpRequest request, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.getUri()).timeout(Duration.ofSeconds(60));
        for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
            if (RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String v : h.getValue()) {
                b.header(h.getKey(), v);
            }
        }
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        b.method(request.method().name(), publisher);
        try {
            HttpResponse<byte[]> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new QueryResponse(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned POST with the form content type, ready to be signed. */
    SdkHttpRequest post(String path) {
        return SdkHttpRequest.builder()
                .uri(endpoint.resolve(path))
                .method(SdkHttpMethod.POST)
                .putHeader("Content-Type", FORM_CONTENT_TYPE)
                .build();
    }

    /** The request signed in the Authorization header, over {@code body}. */
    SdkHttpRequest sign(SdkHttpRequest request, byte[] body) {
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        return signed.request();
    }

    /**
     * A presigned GET URL carrying the whole request in its query string, as the query API allows:
     * {@code /?Action=…&Version=…&X-Amz-Algorithm=…&X-Amz-Signature=…}.
     */
    URI presign(String path, Form form, Duration expires) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().uri(endpoint.resolve(path)).method(SdkHttpMethod.GET);
        for (String[] p : form.pairs()) {
            b.appendRawQueryParameter(p[0], p[1]);
        }
        SdkHttpRequest request = b.build();
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                .request(request)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        return signed.request().getUri();
    }

    /** GETs a URL (such as a presigned one) as it is, with no further signing. */
    QueryResponse get(URI url) {
        return send(SdkHttpRequest.builder().uri(url).method(SdkHttpMethod.GET).build(), null);
    }
}
