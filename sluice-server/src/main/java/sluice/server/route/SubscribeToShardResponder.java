package sluice.server.route;

import java.util.concurrent.CompletableFuture;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.ShardEventSink;
import sluice.api.kinesis.ShardSubscription;
import sluice.api.kinesis.SubscribeToShardEvent;
import sluice.protocol.kinesis.SubscribeToShardCodec;
import sluice.server.http.BodySink;
import sluice.server.http.OutboundResponse;
import sluice.server.http.ResponseStream;

/**
 * Bridges one subscription to its HTTP response. The core's sink calls decide the response: a
 * rejection becomes an ordinary Kinesis error response; a start becomes a 200 event-stream response
 * whose body ({@link ResponseStream}) is the initial-response message followed by one message per
 * event, and an exception message when the subscription fails. The core sends only while the
 * transport is writable ({@link #ready()}); when it drains, or once the head is out, the
 * subscription is resumed; when the client goes away, it is cancelled.
 */
final class SubscribeToShardResponder implements ShardEventSink, ResponseStream {
    private final SubscribeToShardCodec codec;
    private final KinesisEndpoint endpoint;
    private final boolean cbor;
    private final String requestId;
    private final CompletableFuture<OutboundResponse> response = new CompletableFuture<>();
    private volatile ShardSubscription subscription;
    private volatile BodySink sink;
    private volatile boolean closed;
    /** The terminal message (null: none) and whether the subscription ended before the head went out. */
    private byte[] endMessage;
    private boolean endedEarly;

    SubscribeToShardResponder(SubscribeToShardCodec codec, KinesisEndpoint endpoint, boolean cbor, String requestId) {
        this.codec = codec;
        this.endpoint = endpoint;
        this.cbor = cbor;
        this.requestId = requestId;
    }

    CompletableFuture<OutboundResponse> response() {
        return response;
    }

    void subscribed(ShardSubscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else if (sink != null) {
            s.resume();
        }
    }

    // ShardEventSink: called by the core, serially

    @Override
    public void rejected(KinesisException error) {
        response.complete(Router.toOutbound(endpoint.error(cbor, error, requestId)));
    }

    @Override
    public void started() {
        response.complete(OutboundResponse.streamed(200, codec.responseHeaders(requestId), this));
    }

    @Override
    public boolean ready() {
        BodySink s = sink;
        return s != null && s.writable();
    }

    @Override
    public void event(SubscribeToShardEvent event) {
        sink.write(codec.event(event, cbor));
    }

    @Override
    public void completed() {
        end(null);
    }

    @Override
    public void failed(KinesisException error) {
        end(codec.exception(error, cbor));
    }

    private synchronized void end(byte[] message) {
        if (sink == null) {
            endedEarly = true;
            endMessage = message;
            return;
        }
        if (message != null) {
            sink.write(message);
        }
        sink.end();
    }

    // ResponseStream: called by the network layer

    @Override
    public synchronized void open(BodySink body) {
        body.write(codec.initialResponse(cbor));
        sink = body;
        if (endedEarly) {
            end(endMessage);
            return;
        }
        ShardSubscription s = subscription;
        if (s != null) {
            s.resume();
        }
    }

    @Override
    public void writable() {
        ShardSubscription s = subscription;
        if (s != null) {
            s.resume();
        }
    }

    @Override
    public void closed() {
        closed = true;
        ShardSubscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
