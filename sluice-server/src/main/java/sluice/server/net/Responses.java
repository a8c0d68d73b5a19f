package sluice.server.net;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import sluice.server.http.OutboundResponse;

/**
 * Turning an {@link OutboundResponse} into HTTP/1.1 or HTTP/2 messages: Content-Length is always
 * set by us (never for 1xx/204/304), hop-by-hop headers from the handler are dropped, a Date is
 * added unless the handler set one, and the connection header follows our keep-alive decision.
 * Headers Netty rejects (say, a value with a line break) turn the response into a plain 500.
 */
final class Responses {
    private static final System.Logger LOG = System.getLogger("sluice.server.net");
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
        try {
            return http1Unchecked(version, r, keepAlive);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "the request handler produced an invalid response", e);
            return http1Unchecked(version, Requests.internalError(), keepAlive);
        }
    }

    private static FullHttpResponse http1Unchecked(HttpVersion version, OutboundResponse r, boolean keepAlive) {
        int status = status(r);
        byte[] body = bodiless(status) ? Requests.noBody() : body(r);
        FullHttpResponse out = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        for (Map.Entry<String, String> e : headers(r).entrySet()) {
            if (e.getKey() != null && e.getValue() != null && !HOP_BY_HOP.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                out.headers().add(e.getKey(), e.getValue());
            }
        }
        if (!out.headers().contains(HttpHeaderNames.DATE)) {
            out.headers().set("Date", DateFormatter.format(new Date()));
        }
        if (!bodiless(status)) {
            out.headers().set("Content-Length", body.length);
        }
        if (!keepAlive) {
            out.headers().set("Connection", HttpHeaderValues.CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            out.headers().set("Connection", HttpHeaderValues.KEEP_ALIVE);
        }
        return out;
    }

    /**
     * The head of a streamed HTTP/1.x response: chunked on HTTP/1.1; on HTTP/1.0 the body ends when
     * the connection closes (so it is never kept alive).
     *
     * @throws IllegalArgumentException for a header Netty does not allow
     */
    static HttpResponse http1Head(HttpVersion version, OutboundResponse r, boolean keepAlive) {
        HttpResponse out = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status(r)));
        for (Map.Entry<String, String> e : headers(r).entrySet()) {
            if (e.getKey() != null && e.getValue() != null && !HOP_BY_HOP.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                out.headers().add(e.getKey(), e.getValue());
            }
        }
        if (!out.headers().contains(HttpHeaderNames.DATE)) {
            out.headers().set("Date", DateFormatter.format(new Date()));
        }
        if (version == HttpVersion.HTTP_1_0) {
            out.headers().set("Connection", HttpHeaderValues.CLOSE);
        } else {
            out.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            if (!keepAlive) {
                out.headers().set("Connection", HttpHeaderValues.CLOSE);
            }
        }
        return out;
    }

    /** The response itself if its headers are valid for HTTP/2, else a logged plain 500. */
    static OutboundResponse validForHttp2(OutboundResponse r) {
        try {
            http2(r);
            return r;
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "the request handler produced an invalid response", e);
            return Requests.internalError();
        }
    }

    /**
     * Response headers for HTTP/2 (names lower-cased, connection-specific ones dropped).
     *
     * @throws IllegalArgumentException for a header name or value HTTP/2 does not allow
     */
    static Http2Headers http2(OutboundResponse r) {
        int status = status(r);
        Http2Headers out = new DefaultHttp2Headers(true, true, 16).status(Integer.toString(status));
        for (Map.Entry<String, String> e : headers(r).entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.startsWith(":")) {
                out.add(name, e.getValue());
            }
        }
        if (!out.contains(HttpHeaderNames.DATE)) {
            out.set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
        }
        if (!bodiless(status) && r.stream() == null) {
            out.setInt(HttpHeaderNames.CONTENT_LENGTH, body(r).length);
        }
        return out;
    }

    /** Whether an HTTP/2 response carries DATA. */
    static boolean hasBody(OutboundResponse r, boolean head) {
        return !head && !bodiless(status(r)) && body(r).length > 0;
    }
}
