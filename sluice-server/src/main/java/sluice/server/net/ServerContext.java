package sluice.server.net;

import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.CompletableFuture;
import sluice.server.http.RequestHandler;

/** What every connection of one {@link SluiceServer} shares: the handler, limits, TLS and the open channels. */
final class ServerContext {
    /** Longest request line (method, target, version) accepted over HTTP/1.1. */
    static final int MAX_INITIAL_LINE = 8192;

    final RequestHandler handler;
    final long maxBodyBytes;
    final int maxHeaderBytes;
    final long idleTimeoutMillis;
    final long drainMillis;
    final CompletableFuture<Tls.Material> tls;
    final ChannelGroup channels;
    /** Set once when the server starts closing: new connections are refused, finished ones not kept alive. */
    volatile boolean closing;

    ServerContext(RequestHandler handler, long maxBodyBytes, int maxHeaderBytes, long idleTimeoutMillis,
                  long drainMillis, CompletableFuture<Tls.Material> tls, ChannelGroup channels) {
        this.handler = handler;
        this.maxBodyBytes = maxBodyBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.drainMillis = drainMillis;
        this.tls = tls;
        this.channels = channels;
    }
}
