package sluice.server.net;

import io.netty.buffer.ByteBufAllocator;
import java.lang.System.Logger.Level;
import java.util.List;
import sluice.server.config.SluiceConfig;

/**
 * Start-up latency: on a cold JVM, initialising Netty's classes (platform probes, allocator,
 * selectors, codecs) and building a TLS context each take hundreds of milliseconds. {@link #begin}
 * lets that happen on background threads while the caller assembles the services;
 * {@link SluiceServer#start} then waits for the class warm-up to finish before touching Netty
 * itself, so no two threads ever initialise Netty classes at once (which could deadlock on class
 * initialisation). Purely an optimisation: without it, start() does the same work inline.
 */
final class WarmUp {
    private static final System.Logger LOG = System.getLogger("sluice.server.net");
    private static final List<String> CLASSES = List.of(
            "io.netty.util.internal.PlatformDependent",
            "io.netty.channel.DefaultChannelId",
            "io.netty.util.concurrent.GlobalEventExecutor",
            "io.netty.channel.group.DefaultChannelGroup",
            "io.netty.channel.MultiThreadIoEventLoopGroup",
            "io.netty.channel.nio.NioIoHandler",
            "io.netty.channel.socket.nio.NioServerSocketChannel",
            "io.netty.channel.socket.nio.NioSocketChannel",
            "io.netty.bootstrap.ServerBootstrap",
            "io.netty.handler.timeout.IdleStateHandler",
            "io.netty.handler.codec.http.HttpServerCodec",
            "io.netty.handler.codec.http.DefaultFullHttpResponse",
            "io.netty.handler.codec.http2.Http2FrameCodecBuilder",
            "io.netty.handler.codec.http2.Http2MultiplexHandler",
            "sluice.server.net.ConnectionInitializer",
            "sluice.server.net.Http1Handler",
            "sluice.server.net.Http2StreamHandler");

    private static Thread thread;

    private WarmUp() {
    }

    /** Starts warming up (once per JVM), including the generated TLS context when one will be needed. */
    static synchronized void begin(SluiceConfig config) {
        if (config.tls().selfSigned()) {
            Tls.start(config); // starts (and caches) the background generation that start() will use
        }
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("sluice-warm-up").start(WarmUp::run);
        }
    }

    /** Waits for the class warm-up, if one was begun. */
    static void await() {
        Thread t;
        synchronized (WarmUp.class) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run() {
        ClassLoader loader = WarmUp.class.getClassLoader();
        try {
            for (String name : CLASSES) {
                Class.forName(name, true, loader);
            }
            ByteBufAllocator.DEFAULT.buffer(64).release();
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "warm-up stopped early: " + e);
        }
    }
}
