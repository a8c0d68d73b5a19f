package sluice.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import sluice.server.http.BodySink;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;
import sluice.server.http.RequestHandler;
import sluice.server.http.ResponseStream;

/**
 * Streamed responses (event streams) against a client that does not read (HTTP/1.1: a socket left
 * unread; HTTP/2: a stream whose flow-control window is not reopened): the producer is told
 * "not writable" long before it has produced everything, so nothing is buffered without bound, and
 * once the client reads it gets every byte, in order, then the end of the body.
 */
class StreamedResponseTest {
    private static final int CHUNK = 64 * 1024;
    private static final long TOTAL = 64L * 1024 * 1024;

    /** Writes numbered chunks while the sink is writable, resuming when told; ends after {@link #TOTAL}. */
    private static final class Producer implements ResponseStream {
        final AtomicLong produced = new AtomicLong();
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        private BodySink sink;
        private boolean ended;

        @Override
        public synchronized void open(BodySink body) {
            sink = body;
            produce();
        }

        @Override
        public synchronized void writable() {
            produce();
        }

        @Override
        public void closed() {
            closed.countDown();
        }

        private void produce() {
            while (produced.get() < TOTAL) {
                if (!sink.writable()) {
                    blocked.countDown();
                    return;
                }
                byte[] chunk = new byte[CHUNK];
                chunk[0] = (byte) (produced.get() / CHUNK);
                sink.write(chunk);
                produced.addAndGet(CHUNK);
            }
            if (!ended) {
                ended = true;
                sink.end();
            }
        }
    }

    private static final class StreamingHandler implements RequestHandler {
        final Producer producer = new Producer();

        @Override
        public CompletableFuture<OutboundResponse> handle(InboundRequest request) {
            return CompletableFuture.completedFuture(OutboundResponse.streamed(200,
                    Map.of("Content-Type", "application/octet-stream"), producer));
        }

        @Override
        public OutboundResponse bodyTooLarge(InboundRequest headersOnly, long limitBytes) {
            return OutboundResponse.text(413, "text/plain", "too large");
        }
    }

    @Test
    void aClientThatDoesNotReadHoldsTheProducerBackThenGetsEverything() throws Exception {
        StreamingHandler handler = new StreamingHandler();
        try (SluiceServer server = SluiceServer.start(TestServers.config(c -> c), handler);
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.setSoTimeout(15_000); // a bound, not an expectation
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.getOutputStream().write("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            Producer producer = handler.producer;
            assertTrue(producer.blocked.await(15, TimeUnit.SECONDS), "the producer was held back");
            assertTrue(producer.produced.get() <= TOTAL / 4, "produced " + producer.produced.get() + " bytes for a client that reads none");

            InputStream in = socket.getInputStream();
            String head = headOf(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked"), head);
            assertEquals(TOTAL, readChunkedBody(in));
            assertTrue(producer.closed.await(15, TimeUnit.SECONDS), "the stream was told the exchange is over");
        }
    }

    @Test
    void anHttp2StreamWhoseWindowIsNotReopenedHoldsTheProducerBack() throws Exception {
        StreamingHandler handler = new StreamingHandler();
        try (SluiceServer server = SluiceServer.start(TestServers.config(c -> c), handler);
             H2Client client = new H2Client(server.port())) {
            CountingReader reader = new CountingReader();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(client.connection()).handler(reader).open().sync().getNow();
            stream.config().setAutoRead(false); // frames stay unread: the stream's flow-control window is not reopened
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("POST").path("/stream")
                    .scheme("http").authority("localhost"), true));
            Producer producer = handler.producer;
            assertTrue(producer.blocked.await(15, TimeUnit.SECONDS), "the producer was held back");
            assertTrue(producer.produced.get() <= TOTAL / 4, "produced " + producer.produced.get() + " bytes for a client that reads none");

            stream.config().setAutoRead(true);
            stream.read();
            assertEquals(TOTAL, reader.done.get(30, TimeUnit.SECONDS));
            assertTrue(producer.closed.await(15, TimeUnit.SECONDS), "the stream was told the exchange is over");
        }
    }

    /** Counts DATA bytes to the end of the stream, checking the numbered chunks arrive in order. */
    private static final class CountingReader extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private long total;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2DataFrame f) {
                    ByteBuf content = f.content();
                    for (int i = content.readerIndex(); i < content.writerIndex(); i++, total++) {
                        if (total % CHUNK == 0 && content.getByte(i) != (byte) (total / CHUNK)) {
                            done.completeExceptionally(new AssertionError("chunk order at " + total));
                        }
                    }
                    if (f.isEndStream()) {
                        done.complete(total);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private static String headOf(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads a chunked body to its last chunk, checking the numbered 64 KiB chunks arrive in order. */
    private static long readChunkedBody(InputStream in) throws IOException {
        long total = 0;
        while (true) {
            int size = Integer.parseInt(line(in).trim(), 16);
            if (size == 0) {
                line(in);
                return total;
            }
            byte[] data = in.readNBytes(size);
            for (int i = 0; i < data.length; i++) {
                long offset = total + i;
                if (offset % CHUNK == 0) {
                    assertEquals((byte) (offset / CHUNK), data[i], "chunk order at " + offset);
                }
            }
            total += data.length;
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("closed mid-line");
            }
            s.append((char) b);
        }
        return s.toString();
    }
}
