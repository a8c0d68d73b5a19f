package sluice.server.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An h2c client with prior knowledge (java.net.http cannot do that), built from Netty's HTTP/2 codec. */
final class H2Client implements AutoCloseable {
    record Response(int status, Http2Headers headers, String body, boolean reset) {
        String header(String name) {
            CharSequence v = headers.get(name);
            return v == null ? null : v.toString();
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel connection;

    H2Client(int port) throws InterruptedException {
        connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
    }

    boolean isOpen() {
        return connection.isActive();
    }

    Channel connection() {
        return connection;
    }

    /** Sends a request on a new stream; the body (if any) follows the headers as one DATA frame. */
    CompletableFuture<Response> send(String method, String path, Http2Headers extra, byte[] body) throws InterruptedException {
        return send(method, path, extra, body, true);
    }

    /** As {@link #send}, optionally leaving the request stream open (more body to come, as far as the server knows). */
    CompletableFuture<Response> send(String method, String path, Http2Headers extra, byte[] body, boolean end)
            throws InterruptedException {
        CompletableFuture<Response> result = new CompletableFuture<>();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection).handler(new Collector(result)).open().sync().getNow();
        Http2Headers headers = new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("localhost");
        if (extra != null) {
            headers.add(extra);
        }
        boolean hasBody = body != null && body.length > 0;
        stream.write(new DefaultHttp2HeadersFrame(headers, end && !hasBody));
        if (hasBody) {
            stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), end));
        }
        stream.flush();
        return result;
    }

    Response get(String path) throws Exception {
        return send("GET", path, null, null).get(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        connection.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private static final class Collector extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Response> result;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private Http2Headers headers;

        Collector(CompletableFuture<Response> result) {
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame f) {
                    if (!f.headers().status().toString().startsWith("1")) {
                        headers = f.headers();
                    }
                    if (f.isEndStream()) {
                        complete(false);
                    }
                } else if (msg instanceof Http2DataFrame f) {
                    ByteBuf content = f.content();
                    byte[] bytes = new byte[content.readableBytes()];
                    content.readBytes(bytes);
                    body.writeBytes(bytes);
                    if (f.isEndStream()) {
                        complete(false);
                    }
                } else if (msg instanceof Http2ResetFrame) {
                    complete(true);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IllegalStateException("stream closed without a response"));
        }

        private void complete(boolean reset) {
            if (headers == null) {
                result.completeExceptionally(new IllegalStateException("no response headers"));
            } else {
                result.complete(new Response(Integer.parseInt(headers.status().toString()), headers,
                        body.toString(StandardCharsets.UTF_8), reset));
            }
        }
    }
}
