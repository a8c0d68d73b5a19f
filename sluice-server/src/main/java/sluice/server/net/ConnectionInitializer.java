package sluice.server.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Sets up each accepted connection: idle timer, {@link Connection} bookkeeping, the protocol
 * sniffer (which installs the rest) and the {@link ExceptionLogger} at the tail. Connections
 * arriving while the server closes are closed at once.
 */
final class ConnectionInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerContext server;

    ConnectionInitializer(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (server.closing) {
            ch.close();
            return;
        }
        Connection connection = Connection.attach(ch);
        server.channels.add(ch);
        ChannelPipeline p = ch.pipeline();
        if (server.idleTimeoutMillis > 0) {
            p.addLast("idle", new IdleStateHandler(0, 0, server.idleTimeoutMillis, TimeUnit.MILLISECONDS));
        }
        p.addLast(Connection.NAME, connection);
        p.addLast("sniff", new ProtocolSniffer(server, false));
        p.addLast(ExceptionLogger.NAME, ExceptionLogger.INSTANCE);
    }
}
