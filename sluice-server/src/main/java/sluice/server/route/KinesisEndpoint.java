package sluice.server.route;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import sluice.api.kinesis.KinesisApi;
import sluice.api.kinesis.KinesisContext;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisSubscriptions;
import sluice.api.kinesis.SubscribeToShardRequest;
import sluice.common.Scope;
import sluice.protocol.kinesis.KinesisCodec;
import sluice.protocol.kinesis.SubscribeToShardCodec;
import sluice.protocol.wire.WireResponse;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;

/**
 * Kinesis Data Streams over HTTP ({@code X-Amz-Target: Kinesis_20131202.*}), JSON 1.1 or CBOR by
 * the request's Content-Type; results and errors go back in the same format. SubscribeToShard is
 * answered with an event stream, over HTTP/2 or (chunked) HTTP/1.1.
 */
final class KinesisEndpoint {
    private final KinesisApi kinesis;
    /** SubscribeToShard's port: the service itself when it offers one, else null (the operation is unknown). */
    private final KinesisSubscriptions subscriptions;
    private final KinesisCodec codec = new KinesisCodec();
    private final SubscribeToShardCodec subscribeCodec = new SubscribeToShardCodec();

    KinesisEndpoint(KinesisApi kinesis) {
        this.kinesis = kinesis;
        this.subscriptions = kinesis instanceof KinesisSubscriptions s ? s : null;
    }

    static boolean isSubscribeToShard(InboundRequest request) {
        return (KinesisCodec.TARGET_PREFIX + SubscribeToShardCodec.OPERATION).equals(request.header("x-amz-target"));
    }

    /**
     * SubscribeToShard: an event-stream response once the subscription starts, or an ordinary error
     * response when it cannot (see {@link SubscribeToShardResponder}).
     */
    CompletableFuture<OutboundResponse> subscribe(InboundRequest request, Scope scope, String requestId) {
        boolean cbor = isCbor(request);
        try {
            if (subscriptions == null) {
                throw KinesisError.UNKNOWN_OPERATION.error("Operation SubscribeToShard is not supported by Sluice.");
            }
            SubscribeToShardRequest decoded = subscribeCodec.decode(request.body(), cbor);
            SubscribeToShardResponder responder = new SubscribeToShardResponder(subscribeCodec, this, cbor, requestId);
            responder.subscribed(subscriptions.subscribeToShard(new KinesisContext(scope), decoded, responder));
            return responder.response();
        } catch (KinesisException e) {
            return CompletableFuture.completedFuture(Router.toOutbound(error(cbor, e, requestId)));
        }
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
            return Replies.encode(request, kinesis.execute(new KinesisContext(scope), decoded), (result, error) -> error != null
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
