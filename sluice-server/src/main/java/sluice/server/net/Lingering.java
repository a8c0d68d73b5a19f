package sluice.server.net;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closing a connection whose client may still be sending a body we refused: closing at once with
 * unread input makes the kernel send a reset, which can destroy our response before the client
 * reads it. Instead the output is shut down (the client sees the response, then end of stream),
 * input keeps being read and dropped, and the channel is closed after a short while or when the
 * client closes its side.
 */
final class Lingering {

    private Lingering() {
    }

    static void close(Channel channel, long millis) {
        channel.config().setAutoRead(true);
        if (channel instanceof SocketChannel socket && !socket.isOutputShutdown()) {
            socket.shutdownOutput();
        }
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, millis, TimeUnit.MILLISECONDS);
    }
}
