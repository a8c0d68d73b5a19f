package sluice.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import sluice.server.config.SluiceConfig;
import sluice.server.http.RequestHandler;

/**
 * The network front of Sluice: one listening port serving HTTP/1.1 (keep-alive, pipelining),
 * h2c with prior knowledge, and TLS with ALPN (h2, http/1.1), all handing complete requests to one
 * {@link RequestHandler}. The protocol of each connection is recognised from its first bytes
 * ({@link ProtocolSniffer}).
 *
 * <p>Threads: one acceptor and max(2, cores) NIO event loops, daemon threads; handlers are called
 * on an event loop and must not block. {@link #close()} is graceful: it stops accepting, lets every
 * connection finish the requests it has open (keep-alive connections are closed after their
 * current response, HTTP/2 ones get GOAWAY), waits up to the drain timeout, then closes whatever is
 * left and stops the threads.
 */
public final class SluiceServer implements AutoCloseable {
    /** How long {@link #close()} waits for open requests. */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(25);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final ServerContext context;
    private boolean closed;

    private SluiceServer(EventLoopGroup acceptor, EventLoopGroup workers, Channel listener, ServerContext context) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.listener = listener;
        this.context = context;
    }

    /**
     * Optional: begins, on background threads, the slow parts of a cold start (Netty class
     * initialisation, generating the self-signed TLS context), so that they overlap with whatever
     * the caller does before {@link #start}. Safe to call more than once or not at all.
     */
    public static void warmUp(SluiceConfig config) {
        WarmUp.begin(config);
    }

    /**
     * Binds {@code config.host():config.port()} (port 0: a free port, see {@link #port()}) and starts serving.
     *
     * @throws sluice.server.config.ConfigException when the configured TLS files cannot be used
     * @throws UncheckedIOException when the address cannot be bound (for example, already in use)
     */
    public static SluiceServer start(SluiceConfig config, RequestHandler handler) {
        Objects.requireNonNull(handler, "handler");
        CompletableFuture<Tls.Material> tls = Tls.start(config);
        WarmUp.await();
        ChannelGroup channels = new DefaultChannelGroup("sluice-connections", GlobalEventExecutor.INSTANCE);
        ServerContext context = new ServerContext(handler, config.maxBodyBytes(), config.maxHeaderBytes(),
                config.idleTimeout().toMillis(), DEFAULT_DRAIN.toMillis(), tls, channels);
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sluice-accept", true),
                NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("sluice-io", true), NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ConnectionInitializer(context));
        ChannelFuture bound = bootstrap.bind(config.host(), config.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            Throwable cause = bound.cause();
            String where = config.host() + ":" + config.port();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on " + where + ": " + io.getMessage(), io);
            }
            throw new IllegalStateException("cannot listen on " + where, cause);
        }
        return new SluiceServer(acceptor, workers, bound.channel(), context);
    }

    /** The bound port (the real one when configured with port 0). */
    public int port() {
        return address().getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /**
     * The certificate served over TLS (the generated one when none is configured), for clients to
     * trust; waits for its generation if still under way.
     */
    public X509Certificate certificate() {
        return context.tls.join().certificate();
    }

    /** Graceful close, waiting up to {@link #DEFAULT_DRAIN} for open requests. */
    @Override
    public void close() {
        close(DEFAULT_DRAIN);
    }

    /**
     * Stops accepting, waits up to {@code drain} for open requests to be answered ({@code
     * Duration.ZERO}: not at all), then closes every connection and stops the threads. Idempotent;
     * blocks, so never call it on one of the server's event loops.
     */
    public synchronized void close(Duration drain) {
        if (closed) {
            return;
        }
        closed = true;
        context.closing = true;
        listener.close().awaitUninterruptibly();
        for (Channel ch : context.channels) {
            Requests.onEventLoop(ch, () -> {
                Connection connection = Connection.of(ch);
                if (connection != null) {
                    connection.drain();
                }
            });
        }
        if (!context.channels.newCloseFuture().awaitUninterruptibly(drain.toMillis())) {
            for (Channel ch : context.channels) {
                // from the head of the pipeline: past the HTTP/2 codec, whose own close would wait again
                Requests.onEventLoop(ch, () -> {
                    ChannelHandlerContext first = ch.pipeline().firstContext();
                    if (first != null) {
                        first.close();
                    } else {
                        ch.close();
                    }
                });
            }
            context.channels.newCloseFuture().awaitUninterruptibly(1000);
        }
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptor.terminationFuture().awaitUninterruptibly(5000);
        workers.terminationFuture().awaitUninterruptibly(5000);
    }
}
