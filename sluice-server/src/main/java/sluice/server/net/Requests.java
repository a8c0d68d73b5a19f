package sluice.server.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2Headers;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;
import sluice.server.http.RequestHandler;

/**
 * Turning HTTP/1.1 and HTTP/2 request heads into {@link InboundRequest}s, and calling the
 * {@link RequestHandler} so that it can never break a connection: a thrown exception, a null or a
 * failed future become a logged, bodiless-detail 500.
 */
final class Requests {
    private static final System.Logger LOG = System.getLogger("sluice.server.net");
    private static final byte[] NO_BODY = new byte[0];

    private Requests() {
    }

    static InboundRequest http1(HttpRequest request, byte[] body, Channel channel, boolean secure) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        HttpHeaders h = request.headers();
        for (Map.Entry<String, String> e : h) {
            headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(e.getValue());
        }
        String[] target = target(request.uri());
        return new InboundRequest(request.method().name(), target[0], target[1], frozen(headers), body,
                remote(channel), secure, channel.eventLoop());
    }

    static InboundRequest http2(Http2Headers h, byte[] body, Channel channel, boolean secure) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<CharSequence, CharSequence> e : h) {
            String name = e.getKey().toString().toLowerCase(Locale.ROOT);
            if (!name.startsWith(":")) {
                headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(e.getValue().toString());
            }
        }
        if (!headers.containsKey("host") && h.authority() != null) {
            headers.put("host", new ArrayList<>(List.of(h.authority().toString()))); // SigV4 signs "host"
        }
        String[] target = target(h.path() == null ? "/" : h.path().toString());
        String method = h.method() == null ? "GET" : h.method().toString();
        return new InboundRequest(method, target[0], target[1], frozen(headers), body, remote(channel), secure,
                channel.eventLoop());
    }

    static InboundRequest headersOnly(InboundRequest r) {
        return r.body().length == 0 ? r
                : new InboundRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(), NO_BODY, r.remoteAddress(), r.secure(),
                        r.replies());
    }

    static byte[] noBody() {
        return NO_BODY;
    }

    /** Splits a request target into raw path and raw query ("" when absent); absolute-form loses its authority. */
    static String[] target(String uri) {
        String t = uri;
        if (t.startsWith("http://") || t.startsWith("https://")) {
            int end = t.indexOf("://") + 3;
            while (end < t.length() && "/?#".indexOf(t.charAt(end)) < 0) {
                end++;
            }
            t = t.substring(end);
        }
        int hash = t.indexOf('#');
        if (hash >= 0) {
            t = t.substring(0, hash);
        }
        int q = t.indexOf('?');
        String path = q < 0 ? t : t.substring(0, q);
        String query = q < 0 ? "" : t.substring(q + 1);
        return new String[] {path.isEmpty() ? "/" : path, query};
    }

    /** The peer's IP address, or "unknown". */
    static String remote(Channel channel) {
        SocketAddress a = channel.remoteAddress(); // an HTTP/2 stream channel answers with its connection's
        if (a instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return a == null ? "unknown" : a.toString();
    }

    /** Calls the handler; the future always completes normally (with a 500 for any failure). */
    static CompletableFuture<OutboundResponse> handle(RequestHandler handler, InboundRequest request) {
        CompletableFuture<OutboundResponse> future;
        try {
            future = handler.handle(request);
        } catch (RuntimeException | Error e) {
            future = CompletableFuture.failedFuture(e);
        }
        if (future == null) {
            future = CompletableFuture.failedFuture(new NullPointerException("the request handler returned no future"));
        }
        return future.handle((response, error) -> {
            if (error == null && response != null) {
                return response;
            }
            Throwable cause = error != null ? error : new NullPointerException("the request handler returned null");
            LOG.log(Level.ERROR, "request handler failed for " + request.method() + " " + request.rawPath(), cause);
            return internalError();
        });
    }

    /** The handler's answer to an over-large body, or a plain 413 if it fails. */
    static OutboundResponse tooLarge(RequestHandler handler, InboundRequest headersOnly, long limit) {
        try {
            OutboundResponse r = handler.bodyTooLarge(headersOnly, limit);
            if (r != null) {
                return r;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "request handler failed to refuse an over-large body", e);
        }
        return OutboundResponse.text(413, "text/plain", "request body larger than " + limit + " bytes");
    }

    static OutboundResponse internalError() {
        return OutboundResponse.text(500, "text/plain", "internal error");
    }

    /** Runs the task on the channel's event loop (now, if already there); drops it if the loop is gone. */
    static void onEventLoop(Channel channel, Runnable task) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                LOG.log(Level.DEBUG, "event loop gone; response dropped");
            }
        }
    }

    private static Map<String, List<String>> frozen(Map<String, List<String>> headers) {
        headers.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(headers);
    }
}
