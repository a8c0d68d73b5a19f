package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber's HTTP endpoint for the tests: a JDK HttpServer on 127.0.0.1 that records every
 * request it gets and answers with a status the test sets (200 unless told otherwise).
 */
final class HttpEndpoint implements AutoCloseable {

    /** One request as the endpoint received it; header names lower-cased. */
    record Received(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger failureStatus = new AtomicInteger(500);

    HttpEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                        String.join(",", v)));
                // the answer is decided before the test can see the request, so a test that reacts to it
                // (answer, failNext) changes only later requests
                boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                int answer = fail ? failureStatus.get() : status.get();
                requests.incrementAndGet();
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
                exchange.sendResponseHeaders(answer, -1);
            }
        });
        server.start();
    }

    /** The endpoint's URL with this path. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(int httpStatus) {
        status.set(httpStatus);
    }

    /** Answers the next {@code count} requests with {@code failure}, then the usual status again. */
    void failNext(int count, int failure) {
        failureStatus.set(failure);
        failuresLeft.set(count);
    }

    int requestCount() {
        return requests.get();
    }

    /** The next request, waiting at most 10 seconds for it. */
    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "no request reached the endpoint within 10 seconds");
        return r;
    }

    /** The next request if one comes within the time given, else null. */
    Received poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
