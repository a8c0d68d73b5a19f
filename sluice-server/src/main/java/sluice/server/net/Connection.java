package sluice.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;

/**
 * Per-connection bookkeeping, and the handler that acts on the idle timer. It counts requests that
 * are open (headers seen, response not yet written) and, among them, those waiting for the
 * {@code RequestHandler}. The idle timer closes the connection only when nothing is waiting, so a
 * 20-second long poll survives a shorter idle timeout while a stalled upload does not. Draining
 * (graceful server close) closes the connection as soon as nothing is open; HTTP/2 connections are
 * closed at once, because Netty's HTTP/2 close is itself graceful (GOAWAY, then waits for the
 * active streams). Streamed responses (event streams, which would otherwise run for minutes) are
 * ended when draining starts, so their clients resubscribe elsewhere. Touched only on the
 * connection's event loop (HTTP/2 stream channels share it).
 */
final class Connection extends ChannelInboundHandlerAdapter {
    static final String NAME = "connection";
    private static final AttributeKey<Connection> KEY = AttributeKey.valueOf(Connection.class, "connection");

    private final Channel channel;
    private int open;
    private int waiting;
    private boolean draining;
    private boolean http2;
    private boolean errorLogged;
    private final java.util.Set<StreamedBody> streamed = new java.util.HashSet<>();

    private Connection(Channel channel) {
        this.channel = channel;
    }

    static Connection attach(Channel channel) {
        Connection c = new Connection(channel);
        channel.attr(KEY).set(c);
        return c;
    }

    /** The connection a channel (or an HTTP/2 stream channel) belongs to. */
    static Connection of(Channel channel) {
        Channel parent = channel instanceof Http2StreamChannel ? channel.parent() : channel;
        return parent.attr(KEY).get();
    }

    void http2() {
        http2 = true;
    }

    /** A request's headers arrived. */
    void opened() {
        open++;
    }

    /** The request went to the handler. */
    void dispatched() {
        waiting++;
    }

    /** The request's response was written (or abandoned). */
    void finished(boolean wasDispatched) {
        open--;
        if (wasDispatched) {
            waiting--;
        }
        if (draining && open == 0) {
            channel.close();
        }
    }

    boolean draining() {
        return draining;
    }

    /** A streamed response began (false: the connection is draining, end it at once). */
    boolean streamOpened(StreamedBody body) {
        streamed.add(body);
        return !draining;
    }

    void streamClosed(StreamedBody body) {
        streamed.remove(body);
    }

    /** Closes the connection once nothing is open (HTTP/1.1) or gracefully at once (HTTP/2). */
    void drain() {
        draining = true;
        for (StreamedBody body : java.util.List.copyOf(streamed)) {
            body.end();
        }
        if (open == 0 || http2) {
            channel.close();
        }
    }

    /** True for the first failure of this connection only, so it is logged once. */
    boolean firstError() {
        boolean first = !errorLogged;
        errorLogged = true;
        return first;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (waiting == 0) {
                ctx.channel().close(); // from the tail, so an HTTP/2 codec sends GOAWAY
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }
}
