package sluice.server.net;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;
import sluice.server.http.RequestHandler;

/**
 * A trivial handler so the tests are about the network layer: answers 200 with what it saw in
 * headers (X-Method, X-Path, X-Query, X-Secure, X-Host) and the request body echoed (or "METHOD
 * PATH" when empty). {@code ?delay=MILLIS} completes the response later, on another thread;
 * path {@code /fail} fails the future, {@code /bad-header} answers with a header Netty must refuse. Counts handled requests and signals each arrival.
 */
final class EchoHandler implements RequestHandler {
    /** Its own timer thread: the common pool may have a single worker, busy in a blocking close(). */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "echo-handler-timer");
        t.setDaemon(true);
        return t;
    });

    final AtomicInteger handled = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    volatile CountDownLatch arrived = new CountDownLatch(1);

    @Override
    public CompletableFuture<OutboundResponse> handle(InboundRequest r) {
        handled.incrementAndGet();
        arrived.countDown();
        if (r.rawPath().equals("/fail")) {
            return CompletableFuture.failedFuture(new IllegalStateException("handler failure for a test"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain");
        headers.put("X-Method", r.method());
        headers.put("X-Path", r.rawPath());
        headers.put("X-Query", r.rawQuery());
        headers.put("X-Secure", String.valueOf(r.secure()));
        headers.put("X-Host", String.valueOf(r.header("host")));
        if (r.rawPath().equals("/bad-header")) {
            headers.put("X-Bad", "injected\r\nSet-Cookie: x=y");
        }
        byte[] body = r.body().length > 0 ? r.body() : (r.method() + " " + r.rawPath()).getBytes(StandardCharsets.UTF_8);
        OutboundResponse response = new OutboundResponse(200, headers, body);
        long delay = delayMillis(r.rawQuery());
        if (delay <= 0) {
            return CompletableFuture.completedFuture(response);
        }
        CompletableFuture<OutboundResponse> later = new CompletableFuture<>();
        TIMER.schedule(() -> later.complete(response), delay, TimeUnit.MILLISECONDS);
        return later;
    }

    @Override
    public OutboundResponse bodyTooLarge(InboundRequest headersOnly, long limitBytes) {
        refused.incrementAndGet();
        return new OutboundResponse(413, Map.of("Content-Type", "text/plain", "X-Path", headersOnly.rawPath()),
                ("too large: limit " + limitBytes).getBytes(StandardCharsets.UTF_8));
    }

    private static long delayMillis(String query) {
        for (String part : query.split("&")) {
            if (part.startsWith("delay=")) {
                return Long.parseLong(part.substring("delay=".length()));
            }
        }
        return 0;
    }
}
