package sluice.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * Port unification: looks at the first bytes of a connection and installs the matching pipeline,
 * then removes itself (the bytes it has seen are passed on). A TLS record means TLS, with ALPN
 * choosing h2 or http/1.1 afterwards; the HTTP/2 connection preface ({@code PRI * HTTP/2.0})
 * means h2c with prior knowledge; anything else is HTTP/1.x.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf().asReadOnly();
    /** Bytes needed to recognise a TLS record header. */
    private static final int TLS_HEADER = 5;

    private final ServerContext server;

    ProtocolSniffer(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < TLS_HEADER) {
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        if (SslHandler.isEncrypted(in, false)) {
            p.addAfter(ctx.name(), "tls", server.sslContext.newHandler(ctx.alloc()));
            p.addAfter("tls", "alpn", new AlpnHandler(server));
        } else {
            int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
            if (ByteBufUtil.equals(in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), n)) {
                if (n < PREFACE.readableBytes()) {
                    return; // could still be the preface: wait for the rest
                }
                Pipelines.http2(p, server, false);
            } else {
                Pipelines.http1(p, server, false);
            }
        }
        p.remove(this);
    }
}
