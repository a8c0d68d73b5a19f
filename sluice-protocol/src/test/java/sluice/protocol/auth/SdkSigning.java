package sluice.protocol.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Signs requests with the real AWS SDK v2 SigV4 signer and converts them to what the server would see. */
final class SdkSigning {
    static final String HOST = "localhost:9324";

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final String accessKeyId;
    private final String secretKey;
    private String sessionToken;
    private String region = "us-east-1";
    private String service = "sqs";
    private Instant at;
    private boolean unsignedPayload;

    private SdkSigning(String accessKeyId, String secretKey, Instant at) {
        this.accessKeyId = accessKeyId;
        this.secretKey = secretKey;
        this.at = at;
    }

    static SdkSigning as(Credential credential, Instant at) {
        return new SdkSigning(credential.accessKeyId(), credential.secretKey(), at);
    }

    static SdkSigning as(String accessKeyId, String secretKey, Instant at) {
        return new SdkSigning(accessKeyId, secretKey, at);
    }

    SdkSigning region(String value) {
        region = value;
        return this;
    }

    SdkSigning service(String value) {
        service = value;
        return this;
    }

    SdkSigning sessionToken(String value) {
        sessionToken = value;
        return this;
    }

    SdkSigning at(Instant value) {
        at = value;
        return this;
    }

    /** Signs as over HTTPS with payload signing off, so the SDK signs {@code UNSIGNED-PAYLOAD}. */
    SdkSigning unsignedPayload() {
        unsignedPayload = true;
        return this;
    }

    /** A request builder for {@code method} on {@link #HOST} with the given already-encoded path. */
    static SdkHttpFullRequest.Builder request(SdkHttpMethod method, String encodedPath) {
        return SdkHttpFullRequest.builder().method(method).protocol("http").host("localhost").port(9324)
                                 .encodedPath(encodedPath);
    }

    /** Signs with an Authorization header. */
    SignedRequest sign(SdkHttpFullRequest.Builder request, byte[] body) {
        return sign(request, body, AuthLocation.HEADER, null);
    }

    /** Presigns into the query string, valid for {@code expires} (or with no X-Amz-Expires if null). */
    SignedRequest presign(SdkHttpFullRequest.Builder request, byte[] body, Duration expires) {
        return sign(request, body, AuthLocation.QUERY_STRING, expires);
    }

    private SignedRequest sign(SdkHttpFullRequest.Builder request, byte[] body, AuthLocation location,
                               Duration expires) {
        AwsCredentialsIdentity identity = sessionToken == null
                ? AwsCredentialsIdentity.create(accessKeyId, secretKey)
                : AwsSessionCredentialsIdentity.create(accessKeyId, secretKey, sessionToken);
        SdkHttpFullRequest unsigned = unsignedPayload ? request.protocol("https").build() : request.build();
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = SIGNER.sign(r -> {
            r.identity(identity)
             .request(unsigned)
             .putProperty(AwsV4HttpSigner.REGION_NAME, region)
             .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
             .putProperty(AwsV4HttpSigner.AUTH_LOCATION, location)
             .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
            if (unsignedPayload) {
                r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
            }
            if (body != null) {
                r.payload(ContentStreamProvider.fromByteArray(body));
            }
            if (expires != null) {
                r.putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expires);
            }
        });
        return toWire(signed.request(), body);
    }

    /** What the server sees: raw path and query as sent, lower-case header names. */
    static SignedRequest toWire(SdkHttpRequest request, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.forEachHeader((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        return new SignedRequest(request.method().name(), request.encodedPath(),
                                 request.encodedQueryParameters().orElse(null), headers, body);
    }
}
