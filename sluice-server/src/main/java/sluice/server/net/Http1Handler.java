package sluice.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;

/**
 * HTTP/1.x requests of one connection, after {@code HttpServerCodec}: aggregates each body under
 * the cap, hands the request to the handler and writes the response with Content-Length.
 *
 * <p>One request at a time: once a request is complete the channel stops reading (autoRead off),
 * and messages the codec had already decoded from the same read (pipelining) wait in a backlog, so
 * responses go out in request order. After the response is written the backlog is replayed and
 * reading resumes, or the connection is closed (HTTP/1.0 without keep-alive, {@code Connection:
 * close}, server draining).
 *
 * <p>Bodies over the cap are refused from the headers when Content-Length announces them (a
 * chunked body when it grows past the cap): the handler's {@code bodyTooLarge} response is written
 * with {@code Connection: close} and the connection is closed lingeringly (output shut down, input
 * discarded for a moment) so the client sees the response instead of a reset.
 *
 * <p>A streamed response (an event stream) is written chunked as its {@link StreamedBody} produces
 * it; the connection stays busy (not reading) until the body ends.
 */
final class Http1Handler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger("sluice.server.net");
    private static final long LINGER_MILLIS = 2000;

    private final ServerContext server;
    private final boolean secure;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private Connection connection;
    /** The request whose body is being received, or null. */
    private HttpRequest request;
    private CompositeByteBuf body;
    /** A request is with the handler, or its response is being written. */
    private boolean busy;
    /** The connection closes after the current response: input is dropped. */
    private boolean closing;
    /** The body of a streamed response being written, or null. */
    private StreamedBody streamed;

    Http1Handler(ServerContext server, boolean secure) {
        this.server = server;
        this.secure = secure;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection = Connection.of(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (busy || !backlog.isEmpty()) {
            backlog.add(msg);
        } else {
            accept(ctx, msg);
        }
    }

    private void accept(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest head) {
                start(ctx, head);
            }
            if (msg instanceof HttpContent content && request != null && !closing) {
                content(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest head) {
        connection.opened();
        request = head;
        if (head.decoderResult().isFailure()) {
            refuse(ctx, malformed(head.decoderResult().cause()));
            return;
        }
        long length;
        try {
            length = HttpUtil.getContentLength(head, -1L);
        } catch (NumberFormatException e) {
            refuse(ctx, OutboundResponse.text(400, "text/plain", "invalid Content-Length"));
            return;
        }
        if (length > server.maxBodyBytes) {
            refuseTooLarge(ctx);
            return;
        }
        String expect = head.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpUtil.is100ContinueExpected(head) && head.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0) {
            refuse(ctx, OutboundResponse.text(417, "text/plain", "only Expect: 100-continue is supported"));
            return;
        }
        if (HttpUtil.is100ContinueExpected(head)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
        body = ctx.alloc().compositeBuffer(1024);
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            refuse(ctx, malformed(content.decoderResult().cause()));
            return;
        }
        ByteBuf data = content.content();
        if (body.readableBytes() + (long) data.readableBytes() > server.maxBodyBytes) {
            refuseTooLarge(ctx);
            return;
        }
        if (data.isReadable()) {
            body.addComponent(true, data.retain());
        }
        if (content instanceof LastHttpContent) {
            dispatch(ctx);
        }
    }

    private void dispatch(ChannelHandlerContext ctx) {
        HttpRequest head = request;
        byte[] bytes = ByteBufUtil.getBytes(body);
        releaseBody();
        request = null;
        busy = true;
        ctx.channel().config().setAutoRead(false);
        connection.dispatched();
        InboundRequest inbound = Requests.http1(head, bytes, ctx.channel(), secure);
        HttpVersion version = head.protocolVersion();
        boolean keepAlive = HttpUtil.isKeepAlive(head);
        Requests.handle(server.handler, inbound).thenAccept(response ->
                Requests.onEventLoop(ctx.channel(), () -> respond(ctx, version, keepAlive, response, true, false)));
    }

    private void refuseTooLarge(ChannelHandlerContext ctx) {
        InboundRequest headersOnly = Requests.http1(request, Requests.noBody(), ctx.channel(), secure);
        refuse(ctx, Requests.tooLarge(server.handler, headersOnly, server.maxBodyBytes));
    }

    /** Answers the current request without reading (more of) its body, then closes the connection. */
    private void refuse(ChannelHandlerContext ctx, OutboundResponse response) {
        HttpVersion version = request.protocolVersion();
        request = null;
        releaseBody();
        closing = true;
        busy = true;
        releaseBacklog();
        respond(ctx, version, false, response, false, true);
    }

    private static OutboundResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return OutboundResponse.text(414, "text/plain", "request line too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return OutboundResponse.text(431, "text/plain", "request headers too large");
        }
        if (cause instanceof TooLongFrameException) {
            return OutboundResponse.text(400, "text/plain", "request too large");
        }
        return OutboundResponse.text(400, "text/plain", "malformed HTTP request");
    }

    private void respond(ChannelHandlerContext ctx, HttpVersion version, boolean keepAliveAsked,
                         OutboundResponse response, boolean dispatched, boolean linger) {
        boolean keepAlive = keepAliveAsked && !closing && !server.closing && !connection.draining()
                && !Responses.asksClose(response);
        if (!ctx.channel().isActive()) {
            if (response.stream() != null) {
                response.stream().closed();
            }
            connection.finished(dispatched);
            return;
        }
        if (response.stream() != null) {
            stream(ctx, version, response, keepAlive && version != HttpVersion.HTTP_1_0, dispatched);
            return;
        }
        ChannelFuture written = ctx.writeAndFlush(Responses.http1(version, response, keepAlive));
        written.addListener(f -> afterResponse(ctx, f.isSuccess() ? null : f.cause(), keepAlive, dispatched, linger));
    }

    /** The head now, then the body as it is produced; the next request is read once it has ended. */
    private void stream(ChannelHandlerContext ctx, HttpVersion version, OutboundResponse response, boolean keepAlive,
                        boolean dispatched) {
        HttpResponse head;
        try {
            head = Responses.http1Head(version, response, keepAlive);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "the request handler produced an invalid response", e);
            response.stream().closed();
            respond(ctx, version, false, Requests.internalError(), dispatched, false);
            return;
        }
        ctx.writeAndFlush(head);
        streamed = new StreamedBody(ctx, response.stream(), DefaultHttpContent::new, LastHttpContent.EMPTY_LAST_CONTENT, written -> {
            streamed = null;
            afterResponse(ctx, written ? null : new java.io.IOException("connection closed"), keepAlive, dispatched, false);
        });
        streamed.open();
    }

    private void afterResponse(ChannelHandlerContext ctx, Throwable failure, boolean keepAlive, boolean dispatched, boolean linger) {
        connection.finished(dispatched);
        busy = false;
        if (failure != null) {
            LOG.log(Level.DEBUG, () -> "response not written: " + failure);
            ctx.channel().close();
        } else if (!keepAlive) {
            closing = true;
            releaseBacklog();
            if (linger) {
                Lingering.close(ctx.channel(), LINGER_MILLIS);
            } else {
                ctx.channel().close();
            }
        } else {
            resume(ctx);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (streamed != null) {
            streamed.drained();
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Replays what arrived while busy, then reads again if still idle. */
    private void resume(ChannelHandlerContext ctx) {
        while (!busy && !closing && !backlog.isEmpty()) {
            accept(ctx, backlog.poll());
        }
        if (!busy && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (streamed != null) {
            streamed.inactive();
        }
        releaseBody();
        releaseBacklog();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBody();
        releaseBacklog();
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    private void releaseBacklog() {
        Object msg;
        while ((msg = backlog.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
