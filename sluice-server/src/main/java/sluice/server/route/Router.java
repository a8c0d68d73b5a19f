package sluice.server.route;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sluice.api.sqs.SqsApi;
import sluice.api.sqs.SqsError;
import sluice.common.Randomness;
import sluice.common.Scope;
import sluice.protocol.auth.AuthOutcome;
import sluice.protocol.auth.SigV4Verifier;
import sluice.protocol.auth.SignedRequest;
import sluice.protocol.wire.WireResponse;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;
import sluice.server.http.RequestHandler;

/**
 * The first stop of every request: management paths under {@code /_sluice/}, then SigV4, then the
 * service the request is for. The caller's account comes from its access key, the region from
 * its credential scope; queue URLs are built from the configured public URL or the Host header.
 */
public final class Router implements RequestHandler {
    private static final String MANAGEMENT_PREFIX = "/_sluice/";

    private final SigV4Verifier verifier;
    private final SqsEndpoint sqs;
    private final Randomness randomness;
    private final String publicUrl;

    public Router(SigV4Verifier verifier, SqsApi sqs, Randomness randomness, String publicUrl) {
        this.verifier = verifier;
        this.sqs = new SqsEndpoint(sqs);
        this.randomness = randomness;
        this.publicUrl = publicUrl == null ? null : stripSlash(publicUrl);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public CompletableFuture<OutboundResponse> handle(InboundRequest request) {
        if (request.rawPath() != null && request.rawPath().startsWith(MANAGEMENT_PREFIX)) {
            return CompletableFuture.completedFuture(management(request));
        }
        String requestId = randomness.uuid().toString();
        boolean json = SqsEndpoint.isJson(request);
        AuthOutcome outcome = verifier.verify(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), request.body()));
        if (outcome instanceof AuthOutcome.Rejected rejected) {
            SqsError error = SqsError.valueOf(rejected.failure().name());
            return CompletableFuture.completedFuture(toOutbound(sqs.error(json, error.error(rejected.message()), requestId)));
        }
        AuthOutcome.Authenticated who = (AuthOutcome.Authenticated) outcome;
        Scope scope = new Scope(who.credential().accountId(), who.region());
        return sqs.handle(request, scope, baseUrl(request), requestId).thenApply(Router::toOutbound);
    }

    @Override
    public OutboundResponse bodyTooLarge(InboundRequest headersOnly, long limitBytes) {
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

    private static OutboundResponse management(InboundRequest request) {
        if (request.rawPath().equals("/_sluice/health")) {
            return new OutboundResponse(200, Map.of("Content-Type", "application/json"),
                    "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
        }
        return new OutboundResponse(404, Map.of("Content-Type", "text/plain"),
                ("No management resource at " + request.rawPath() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static OutboundResponse toOutbound(WireResponse wire) {
        return new OutboundResponse(wire.status(), wire.headers(), wire.body());
    }

}
