package sluice.server.route;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import sluice.api.kinesis.KinesisApi;
import sluice.api.kinesis.KinesisContext;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.common.Scope;
import sluice.protocol.kinesis.KinesisCodec;
import sluice.protocol.wire.WireResponse;
import sluice.server.http.InboundRequest;

/**
 * Kinesis Data Streams over HTTP ({@code X-Amz-Target: Kinesis_20131202.*}), JSON 1.1 or CBOR by
 * the request's Content-Type; results and errors go back in the same format.
 */
final class KinesisEndpoint {
    private final KinesisApi kinesis;
    private final KinesisCodec codec = new KinesisCodec();

    KinesisEndpoint(KinesisApi kinesis) {
        this.kinesis = kinesis;
    }

    static boolean isKinesis(InboundRequest request) {
        String target = request.header("x-amz-target");
        return target != null && target.startsWith(KinesisCodec.TARGET_PREFIX);
    }

    static boolean isCbor(InboundRequest request) {
        return KinesisCodec.isCbor(request.header("content-type"));
    }

    CompletableFuture<WireResponse> handle(InboundRequest request, Scope scope, String requestId) {
        boolean cbor = isCbor(request);
        try {
            String operation = request.header("x-amz-target").substring(KinesisCodec.TARGET_PREFIX.length());
            KinesisRequest decoded = codec.decode(operation, request.body(), cbor);
            return kinesis.execute(new KinesisContext(scope), decoded).handle((result, error) -> error != null
                    ? error(cbor, asKinesisException(error), requestId)
                    : codec.encode(result, cbor, requestId));
        } catch (KinesisException e) {
            return CompletableFuture.completedFuture(error(cbor, e, requestId));
        }
    }

    WireResponse error(boolean cbor, KinesisException e, String requestId) {
        return codec.encodeError(e, cbor, requestId);
    }

    private static KinesisException asKinesisException(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof KinesisException e) {
            return e;
        }
        System.getLogger(KinesisEndpoint.class.getName()).log(System.Logger.Level.ERROR, "Kinesis request failed", t);
        return KinesisError.INTERNAL_FAILURE.error("We encountered an internal error. Please try again.");
    }
}
