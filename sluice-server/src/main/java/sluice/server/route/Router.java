package sluice.server.route;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sluice.api.kinesis.KinesisApi;
import sluice.api.kinesis.KinesisError;
import sluice.api.sns.SnsApi;
import sluice.api.sns.SnsError;
import sluice.api.sqs.SqsApi;
import sluice.api.sqs.SqsError;
import sluice.common.Randomness;
import sluice.common.Scope;
import sluice.core.sns.SigningIdentity;
import sluice.protocol.auth.AuthOutcome;
import sluice.protocol.auth.SigV4Verifier;
import sluice.protocol.auth.SignedRequest;
import sluice.protocol.wire.WireResponse;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;
import sluice.server.http.RequestHandler;

/**
 * The first stop of every request: management paths under {@code /_sluice/} (health, the SNS
 * signing certificate, the SNS outbox of SMS and push), the unsigned GET of an SNS SubscribeURL ({@code Action=ConfirmSubscription}),
 * then SigV4, then the service the request is for: SQS JSON by its
 * {@code X-Amz-Target}, form requests by their SigV4 credential scope's service ({@code sns} goes to
 * SNS, everything else to SQS's query dialect). The caller's account comes from its access key,
 * the region from its credential scope; queue URLs and SNS certificate URLs are built from the
 * configured public URL or the Host header.
 */
public final class Router implements RequestHandler {
    private static final String MANAGEMENT_PREFIX = "/_sluice/";
    private static final String SNS_SERVICE = "sns";
    private static final String SNS_OUTBOX_PATH = "/_sluice/sns/outbox";

    private final SigV4Verifier verifier;
    private final SqsEndpoint sqs;
    private final SnsEndpoint sns;
    private final KinesisEndpoint kinesis;
    /** The SNS signing identity, served at its certificate path; still being generated on a fresh start. */
    private final CompletableFuture<SigningIdentity> snsSigning;
    private final Randomness randomness;
    private final String publicUrl;

    public Router(SigV4Verifier verifier, SqsApi sqs, SnsApi sns, KinesisApi kinesis,
                  CompletableFuture<SigningIdentity> snsSigning, Randomness randomness, String publicUrl) {
        this.verifier = verifier;
        this.sqs = new SqsEndpoint(sqs);
        this.sns = new SnsEndpoint(sns);
        this.kinesis = new KinesisEndpoint(kinesis);
        this.snsSigning = snsSigning;
        this.randomness = randomness;
        this.publicUrl = publicUrl == null ? null : stripSlash(publicUrl);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public CompletableFuture<OutboundResponse> handle(InboundRequest request) {
        if (request.rawPath() != null && request.rawPath().startsWith(MANAGEMENT_PREFIX)) {
            if (request.rawPath().startsWith(SigningIdentity.CERTIFICATE_PATH) && request.rawPath().endsWith(".pem")) {
                return snsSigning.thenApply(identity -> snsCertificate(request, identity));
            }
            return CompletableFuture.completedFuture(management(request));
        }
        String requestId = randomness.uuid().toString();
        if (SnsEndpoint.isUnsignedConfirmation(request)) {
            return sns.handleUnsignedConfirmation(request, baseUrl(request), requestId).thenApply(Router::toOutbound);
        }
        boolean json = SqsEndpoint.isJson(request);
        AuthOutcome outcome = verifier.verify(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), request.body()));
        if (outcome instanceof AuthOutcome.Rejected rejected) {
            if (KinesisEndpoint.isKinesis(request)) {
                KinesisError error = KinesisError.valueOf(rejected.failure().name());
                return CompletableFuture.completedFuture(toOutbound(kinesis.error(KinesisEndpoint.isCbor(request),
                        error.error(rejected.message()), requestId)));
            }
            if (!json && SNS_SERVICE.equals(CredentialScope.service(request))) {
                SnsError error = SnsError.valueOf(rejected.failure().name());
                return CompletableFuture.completedFuture(toOutbound(sns.error(error.error(rejected.message()), requestId)));
            }
            SqsError error = SqsError.valueOf(rejected.failure().name());
            return CompletableFuture.completedFuture(toOutbound(sqs.error(json, error.error(rejected.message()), requestId)));
        }
        AuthOutcome.Authenticated who = (AuthOutcome.Authenticated) outcome;
        Scope scope = new Scope(who.credential().accountId(), who.region());
        if (KinesisEndpoint.isSubscribeToShard(request)) {
            return kinesis.subscribe(request, scope, requestId);
        }
        if (KinesisEndpoint.isKinesis(request)) {
            return kinesis.handle(request, scope, requestId).thenApply(Router::toOutbound);
        }
        if (!json && SNS_SERVICE.equals(who.service())) {
            return sns.handle(request, scope, baseUrl(request), requestId).thenApply(Router::toOutbound);
        }
        return sqs.handle(request, scope, baseUrl(request), requestId).thenApply(Router::toOutbound);
    }

    @Override
    public OutboundResponse bodyTooLarge(InboundRequest headersOnly, long limitBytes) {
        if (KinesisEndpoint.isKinesis(headersOnly)) {
            return toOutbound(kinesis.error(KinesisEndpoint.isCbor(headersOnly), KinesisError.REQUEST_ENTITY_TOO_LARGE.error(
                    "Request body is larger than the limit of " + limitBytes + " bytes."), randomness.uuid().toString()));
        }
        if (!SqsEndpoint.isJson(headersOnly) && SNS_SERVICE.equals(CredentialScope.service(headersOnly))) {
            return toOutbound(sns.error(SnsError.REQUEST_ENTITY_TOO_LARGE.error("Request body is larger than the limit of "
                    + limitBytes + " bytes."), randomness.uuid().toString()));
        }
        SqsError error = SqsError.REQUEST_ENTITY_TOO_LARGE;
        return toOutbound(sqs.error(SqsEndpoint.isJson(headersOnly),
                error.error("Request body is larger than the limit of " + limitBytes + " bytes."), randomness.uuid().toString()));
    }

    private String baseUrl(InboundRequest request) {
        if (publicUrl != null) {
            return publicUrl;
        }
        String host = request.header("host");
        if (host == null || host.isEmpty()) {
            host = "localhost";
        }
        return (request.secure() ? "https://" : "http://") + host;
    }

    private OutboundResponse management(InboundRequest request) {
        if (request.rawPath().equals("/_sluice/health")) {
            return new OutboundResponse(200, Map.of("Content-Type", "application/json"),
                    "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
        }
        if (request.rawPath().equals(SNS_OUTBOX_PATH) && request.method().equals("GET")) {
            return new OutboundResponse(200, Map.of("Content-Type", "application/json"),
                    sns.outboxJson().getBytes(StandardCharsets.UTF_8));
        }
        return notFound(request);
    }

    /** The SNS signing certificate at its SigningCertURL path (once generated, on a fresh data directory). */
    private static OutboundResponse snsCertificate(InboundRequest request, SigningIdentity identity) {
        if (request.rawPath().equals(SigningIdentity.CERTIFICATE_PATH + identity.certificateFileName())
                && (request.method().equals("GET") || request.method().equals("HEAD"))) {
            return new OutboundResponse(200, Map.of("Content-Type", "application/x-pem-file"),
                    identity.certificatePem().getBytes(StandardCharsets.US_ASCII));
        }
        return notFound(request);
    }

    private static OutboundResponse notFound(InboundRequest request) {
        return new OutboundResponse(404, Map.of("Content-Type", "text/plain"),
                ("No management resource at " + request.rawPath() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static OutboundResponse toOutbound(WireResponse wire) {
        return new OutboundResponse(wire.status(), wire.headers(), wire.body());
    }

}
