package sluice.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import javax.net.ssl.SSLException;

/**
 * Last handler of every connection: an exception that reached it is logged once per connection
 * (network noise such as resets and failed TLS handshakes only at DEBUG) and the connection is
 * closed. Nothing about it is ever sent to the client.
 */
@ChannelHandler.Sharable
final class ExceptionLogger extends ChannelInboundHandlerAdapter {
    static final String NAME = "errors";
    static final ExceptionLogger INSTANCE = new ExceptionLogger();
    private static final System.Logger LOG = System.getLogger("sluice.server.net");

    private ExceptionLogger() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log(ctx.channel(), cause);
        ctx.channel().close();
    }

    static void log(Channel channel, Throwable cause) {
        Connection connection = Connection.of(channel);
        boolean first = connection == null || connection.firstError();
        if (first && !isNetworkNoise(cause)) {
            LOG.log(Level.WARNING, "connection from " + Requests.remote(channel) + " failed; closing it", cause);
        } else {
            LOG.log(Level.DEBUG, () -> "connection from " + Requests.remote(channel) + ": " + cause);
        }
    }

    private static boolean isNetworkNoise(Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        return t instanceof IOException || t instanceof SSLException;
    }
}
