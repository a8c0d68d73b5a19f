package sluice.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import sluice.server.http.BodySink;
import sluice.server.http.ResponseStream;

/**
 * The body of one streamed response (an AWS event stream) on its channel: an HTTP/2 stream channel
 * (DATA frames, the last one ending the stream) or an HTTP/1.1 connection (chunks, then the last
 * chunk). The head has been written by the caller.
 *
 * <p>Back-pressure: bytes handed to {@link #write} count as queued until the transport has written
 * them. The sink is writable only while fewer than {@link #HIGH_WATER} bytes are queued and the
 * channel itself is writable (for HTTP/2 that includes the stream's flow-control window, which the
 * client opens as it reads). A producer told "not writable" is called back ({@link
 * ResponseStream#writable()}) once it is, so a slow reader costs at most the high-water mark plus
 * one message, and no thread waits.
 *
 * <p>{@link ResponseStream#closed()} is called exactly once: after the end was written, or when the
 * channel went inactive first (client reset, connection closed). A draining connection (server
 * closing) ends its streamed bodies.
 */
final class StreamedBody implements BodySink {
    static final long HIGH_WATER = 1024 * 1024;
    private static final System.Logger LOG = System.getLogger("sluice.server.net");

    private final ChannelHandlerContext ctx;
    private final ResponseStream stream;
    private final Function<ByteBuf, Object> dataFrame;
    private final Object lastFrame;
    private final Consumer<Boolean> afterEnd;
    private final AtomicLong queued = new AtomicLong();
    private volatile boolean wantsWritable;
    private volatile boolean ended;
    private boolean closedNotified;

    /**
     * @param afterEnd bookkeeping once the end is written (true) or could not be (false); on the event loop
     */
    StreamedBody(ChannelHandlerContext ctx, ResponseStream stream, Function<ByteBuf, Object> dataFrame, Object lastFrame,
                 Consumer<Boolean> afterEnd) {
        this.ctx = ctx;
        this.stream = stream;
        this.dataFrame = dataFrame;
        this.lastFrame = lastFrame;
        this.afterEnd = afterEnd;
    }

    /** Hands the sink to the producer; on the event loop, after the head was written. */
    void open() {
        Connection connection = Connection.of(ctx.channel());
        boolean draining = connection != null && !connection.streamOpened(this);
        stream.open(this);
        if (draining) {
            end();
        }
    }

    @Override
    public boolean writable() {
        wantsWritable = true; // before the check, so a drain racing with it still calls back
        Channel ch = ctx.channel();
        return !ended && ch.isActive() && queued.get() < HIGH_WATER && ch.isWritable();
    }

    @Override
    public void write(byte[] chunk) {
        if (ended) {
            return;
        }
        queued.addAndGet(chunk.length);
        Requests.onEventLoop(ctx.channel(), () -> {
            if (ended || !ctx.channel().isActive()) {
                queued.addAndGet(-chunk.length);
                return;
            }
            ctx.writeAndFlush(dataFrame.apply(Unpooled.wrappedBuffer(chunk))).addListener(f -> {
                queued.addAndGet(-chunk.length);
                if (!f.isSuccess()) {
                    LOG.log(Level.DEBUG, () -> "streamed body not written: " + f.cause());
                    ctx.channel().close();
                } else {
                    drained();
                }
            });
        });
    }

    @Override
    public void end() {
        Requests.onEventLoop(ctx.channel(), () -> {
            if (ended) {
                return;
            }
            ended = true;
            if (!ctx.channel().isActive()) {
                closed();
                afterEnd.accept(false);
                return;
            }
            ctx.writeAndFlush(lastFrame).addListener(f -> {
                closed();
                afterEnd.accept(f.isSuccess());
            });
        });
    }

    /**
     * The transport may take more (a write completed, or the channel became writable). Event loop.
     * The producer is called back in a task of its own, never from inside its own {@link #write}.
     */
    void drained() {
        if (wantsWritable && !ended && ctx.channel().isWritable() && queued.get() < HIGH_WATER) {
            wantsWritable = false;
            ctx.executor().execute(() -> {
                if (!ended) {
                    stream.writable();
                }
            });
        }
    }

    /** The channel went inactive (reset or closed). Event loop. */
    void inactive() {
        ended = true;
        closed();
    }

    private void closed() {
        if (!closedNotified) {
            closedNotified = true;
            Connection connection = Connection.of(ctx.channel());
            if (connection != null) {
                connection.streamClosed(this);
            }
            try {
                stream.closed();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "a streamed response failed to close", e);
            }
        }
    }
}
