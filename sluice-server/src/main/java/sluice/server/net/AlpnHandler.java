package sluice.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandler;

/**
 * After the TLS handshake: h2 or HTTP/1.1 as negotiated by ALPN; when the client negotiated none,
 * its first bytes decide (the HTTP/2 preface or an HTTP/1.x request), as on a cleartext connection.
 */
final class AlpnHandler extends ApplicationProtocolNegotiationHandler {
    private final ServerContext server;

    AlpnHandler(ServerContext server) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.server = server;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null && tls.applicationProtocol() == null) {
            ctx.pipeline().addBefore(ExceptionLogger.NAME, "sniff", new ProtocolSniffer(server, true));
        } else if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            Pipelines.http2(ctx.pipeline(), server, true);
        } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
            Pipelines.http1(ctx.pipeline(), server, true);
        } else {
            throw new IllegalStateException("unsupported application protocol: " + protocol);
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        ExceptionLogger.log(ctx.channel(), cause);
        ctx.close();
    }
}
