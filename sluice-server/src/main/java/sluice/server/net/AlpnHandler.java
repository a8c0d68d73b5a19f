package sluice.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/** After the TLS handshake: h2 or HTTP/1.1 as negotiated by ALPN (HTTP/1.1 when the client offers none). */
final class AlpnHandler extends ApplicationProtocolNegotiationHandler {
    private final ServerContext server;

    AlpnHandler(ServerContext server) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.server = server;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
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
