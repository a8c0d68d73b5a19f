package sluice.server.net;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import sluice.server.http.OutboundResponse;

/**
 * Turning an {@link OutboundResponse} into HTTP/1.1 or HTTP/2 messages: Content-Length is always
 * set by us (never for 204/304), hop-by-hop headers from the handler are dropped, and the
 * connection header follows our keep-alive decision.
 */
final class Responses {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "te", "trailer", "content-length");

    private Responses() {
    }

    static int status(OutboundResponse r) {
        return r.status() < 100 || r.status() > 999 ? 500 : r.status();
    }

    static byte[] body(OutboundResponse r) {
        return r.body() == null ? Requests.noBody() : r.body();
    }

    static Map<String, String> headers(OutboundResponse r) {
        return r.headers() == null ? Map.of() : r.headers();
    }

    /** Whether the handler asked for the connection to be closed after this response. */
    static boolean asksClose(OutboundResponse r) {
        for (Map.Entry<String, String> e : headers(r).entrySet()) {
            if (e.getKey().equalsIgnoreCase("connection") && "close".equalsIgnoreCase(String.valueOf(e.getValue()).trim())) {
                return true;
            }
        }
        return false;
    }

    private static boolean bodiless(int status) {
        return status == 204 || status == 304 || status < 200;
    }

    static FullHttpResponse http1(HttpVersion version, OutboundResponse r, boolean keepAlive) {
        int status = status(r);
        byte[] body = bodiless(status) ? Requests.noBody() : body(r);
        FullHttpResponse out = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        for (Map.Entry<String, String> e : headers(r).entrySet()) {
            if (e.getKey() != null && e.getValue() != null && !HOP_BY_HOP.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                out.headers().add(e.getKey(), e.getValue());
            }
        }
        if (!bodiless(status)) {
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        if (!keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return out;
    }

    /** Response headers for HTTP/2 (names lower-cased, connection-specific ones dropped). */
    static Http2Headers http2(OutboundResponse r) {
        int status = status(r);
        Http2Headers out = new DefaultHttp2Headers().status(Integer.toString(status));
        for (Map.Entry<String, String> e : headers(r).entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.startsWith(":")) {
                out.add(name, e.getValue());
            }
        }
        if (!bodiless(status)) {
            out.setInt(HttpHeaderNames.CONTENT_LENGTH, body(r).length);
        }
        return out;
    }

    /** Whether an HTTP/2 response carries DATA. */
    static boolean hasBody(OutboundResponse r, boolean head) {
        return !head && !bodiless(status(r)) && body(r).length > 0;
    }
}
