package sluice.server.net;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;

/**
 * One HTTP/2 stream (a child channel of {@code Http2MultiplexHandler}): aggregates HEADERS and
 * DATA into an {@link InboundRequest} under the body cap, calls the handler and writes the response
 * as HEADERS (+ DATA) ending the stream. An over-large body is refused from its content-length (or
 * when it grows past the cap) with the handler's {@code bodyTooLarge} response followed by
 * RST_STREAM(NO_ERROR), which tells the client to stop sending without failing the response.
 * Flow-control credit is returned by Netty as the frames are read. A streamed response (an event
 * stream) is written as HEADERS, then DATA frames as the {@link StreamedBody} produces them, the
 * last one ending the stream; a client reset or a closed connection releases it.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger("sluice.server.net");

    private final ServerContext server;
    private final boolean secure;
    private Connection connection;
    private Http2Headers headers;
    private CompositeByteBuf body;
    private boolean opened;
    private boolean dispatched;
    private boolean inboundEnded;
    private boolean done;
    /** The body of a streamed response being written, or null. */
    private StreamedBody streamed;

    Http2StreamHandler(ServerContext server, boolean secure) {
        this.server = server;
        this.secure = secure;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection = Connection.of(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame frame) {
                inboundEnded |= frame.isEndStream();
                onHeaders(ctx, frame);
            } else if (msg instanceof Http2DataFrame frame) {
                inboundEnded |= frame.isEndStream();
                onData(ctx, frame);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHeaders(ChannelHandlerContext ctx, Http2HeadersFrame frame) {
        if (headers != null) { // trailers: ignored, but they may end the stream
            if (frame.isEndStream() && body != null) {
                dispatch(ctx);
            }
            return;
        }
        headers = frame.headers();
        opened = true;
        connection.opened();
        long length = -1;
        CharSequence declared = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (declared != null) {
            try {
                length = Long.parseLong(declared.toString().trim());
            } catch (NumberFormatException e) {
                respond(ctx, OutboundResponse.text(400, "text/plain", "invalid content-length"));
                return;
            }
        }
        if (length > server.maxBodyBytes) {
            refuseTooLarge(ctx);
            return;
        }
        body = ctx.alloc().compositeBuffer(1024);
        if (frame.isEndStream()) {
            dispatch(ctx);
        } else if ("100-continue".contentEquals(headers.get(HttpHeaderNames.EXPECT, ""))) {
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("100"), false));
        }
    }

    private void onData(ChannelHandlerContext ctx, Http2DataFrame frame) {
        if (body == null) {
            return; // refused or already dispatched
        }
        if (body.readableBytes() + (long) frame.content().readableBytes() > server.maxBodyBytes) {
            refuseTooLarge(ctx);
            return;
        }
        if (frame.content().isReadable()) {
            body.addComponent(true, frame.content().retain());
        }
        if (frame.isEndStream()) {
            dispatch(ctx);
        }
    }

    private void dispatch(ChannelHandlerContext ctx) {
        byte[] bytes = ByteBufUtil.getBytes(body);
        releaseBody();
        dispatched = true;
        connection.dispatched();
        InboundRequest request = Requests.http2(headers, bytes, ctx.channel(), secure);
        Requests.handle(server.handler, request).thenAccept(response ->
                Requests.onEventLoop(ctx.channel(), () -> respond(ctx, response)));
    }

    private void refuseTooLarge(ChannelHandlerContext ctx) {
        InboundRequest headersOnly = Requests.http2(headers, Requests.noBody(), ctx.channel(), secure);
        respond(ctx, Requests.tooLarge(server.handler, headersOnly, server.maxBodyBytes));
    }

    private void respond(ChannelHandlerContext ctx, OutboundResponse unchecked) {
        releaseBody();
        OutboundResponse response = Responses.validForHttp2(unchecked);
        if (unchecked.stream() != null && (response != unchecked || !ctx.channel().isActive())) {
            unchecked.stream().closed();
        }
        if (!ctx.channel().isActive()) {
            finish();
            return;
        }
        if (response.stream() != null) {
            stream(ctx, response);
            return;
        }
        boolean head = "HEAD".contentEquals(headers.method() == null ? "" : headers.method());
        boolean data = Responses.hasBody(response, head);
        ChannelFuture last = ctx.write(new DefaultHttp2HeadersFrame(Responses.http2(response), !data));
        if (data) {
            last = ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(Responses.body(response)), true));
        }
        ctx.flush();
        last.addListener(f -> {
            if (f.isSuccess() && !inboundEnded && ctx.channel().isActive()) {
                // only once the response is out: a reset cancels DATA still queued for flow control
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
            }
            finish();
            if (!f.isSuccess()) {
                LOG.log(Level.DEBUG, () -> "HTTP/2 response not written: " + f.cause());
            }
        });
    }

    /** HEADERS now, then the body as it is produced; the stream ends with the body. */
    private void stream(ChannelHandlerContext ctx, OutboundResponse response) {
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(Responses.http2(response), false));
        streamed = new StreamedBody(ctx, response.stream(), data -> new DefaultHttp2DataFrame(data, false),
                new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true), written -> finish());
        streamed.open();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (streamed != null) {
            streamed.drained();
        }
        super.channelWritabilityChanged(ctx);
    }

    private void finish() {
        if (opened && !done) {
            done = true;
            connection.finished(dispatched);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseBody();
        if (!dispatched) {
            finish(); // reset by the client before the request was complete
        }
        if (streamed != null) {
            streamed.inactive();
            finish();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, () -> "HTTP/2 stream failed: " + cause);
        ctx.close();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
