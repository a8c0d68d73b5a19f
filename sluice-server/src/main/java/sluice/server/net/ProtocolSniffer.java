package sluice.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Port unification: looks at the first bytes of a connection and installs the matching pipeline,
 * then removes itself (the bytes it has seen are passed on). A TLS record means TLS, with ALPN
 * choosing h2 or http/1.1 afterwards; the HTTP/2 connection preface ({@code PRI * HTTP/2.0})
 * means h2c with prior knowledge; anything else is HTTP/1.x. A TLS connection arriving while the
 * generated certificate is still being made waits (not reading) until it is ready.
 *
 * <p>Behind TLS it sniffs again when the client negotiated no protocol by ALPN: clients that assume
 * HTTP/2 over TLS (the AWS SDK's Netty client by default) send the preface without offering h2.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf().asReadOnly();
    /** Bytes needed to recognise a TLS record header. */
    private static final int TLS_HEADER = 5;

    private final ServerContext server;
    /** Behind TLS already: the bytes are decrypted HTTP. */
    private final boolean secure;
    private boolean waitingForTls;

    ProtocolSniffer(ServerContext server, boolean secure) {
        this.server = server;
        this.secure = secure;
    }

    /** Installs TLS and ALPN behind this handler and removes it, passing on the bytes seen so far. */
    private void installTls(ChannelHandlerContext ctx, Tls.Material tls) {
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), "tls", tls.context().newHandler(ctx.alloc()));
        p.addAfter("tls", "alpn", new AlpnHandler(server));
        p.remove(this);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < TLS_HEADER || waitingForTls) {
            return;
        }
        if (!secure && SslHandler.isEncrypted(in, false)) {
            tls(ctx);
            return;
        }
        int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
        if (ByteBufUtil.equals(in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), n)) {
            if (n < PREFACE.readableBytes()) {
                return; // could still be the preface: wait for the rest
            }
            Pipelines.http2(ctx.pipeline(), server, secure);
        } else {
            Pipelines.http1(ctx.pipeline(), server, secure);
        }
        ctx.pipeline().remove(this);
    }

    private void tls(ChannelHandlerContext ctx) {
        CompletableFuture<Tls.Material> tls = server.tls;
        if (tls.isDone() && !tls.isCompletedExceptionally()) {
            installTls(ctx, tls.join());
            return;
        }
        waitingForTls = true; // bytes accumulate here (not reading) until TLS is ready
        ctx.channel().config().setAutoRead(false);
        tls.whenComplete((material, error) -> Requests.onEventLoop(ctx.channel(), () -> {
            if (error != null || ctx.isRemoved() || !ctx.channel().isActive()) {
                ctx.channel().close();
            } else {
                installTls(ctx, material);
                ctx.channel().config().setAutoRead(true);
            }
        }));
    }
}
