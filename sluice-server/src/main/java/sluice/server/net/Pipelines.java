package sluice.server.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * The protocol stages of a connection, installed once the protocol is known (by sniffing the first
 * bytes, or by ALPN after the TLS handshake), always in front of the {@link ExceptionLogger}.
 */
final class Pipelines {
    /** Concurrent streams one HTTP/2 connection may open. */
    static final int MAX_CONCURRENT_STREAMS = 1000;
    private static final int H2_INITIAL_WINDOW = 1 << 20;

    private Pipelines() {
    }

    static void http1(ChannelPipeline p, ServerContext server, boolean secure) {
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(ServerContext.MAX_INITIAL_LINE)
                .setMaxHeaderSize(server.maxHeaderBytes)
                .setMaxChunkSize(64 * 1024);
        p.addBefore(ExceptionLogger.NAME, "http1-codec", new HttpServerCodec(decoder));
        p.addBefore(ExceptionLogger.NAME, "http1", new Http1Handler(server, secure));
    }

    static void http2(ChannelPipeline p, ServerContext server, boolean secure) {
        Connection.of(p.channel()).http2();
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                .maxHeaderListSize(server.maxHeaderBytes)
                .initialWindowSize(H2_INITIAL_WINDOW);
        p.addBefore(ExceptionLogger.NAME, "h2-codec", Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .gracefulShutdownTimeoutMillis(server.drainMillis)
                .build());
        p.addBefore(ExceptionLogger.NAME, "h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamHandler(server, secure));
            }
        }));
    }
}
