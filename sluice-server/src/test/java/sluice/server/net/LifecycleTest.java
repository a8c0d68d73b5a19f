package sluice.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Idle timeout, requests in progress, graceful close and binding. */
class LifecycleTest {
    private final EchoHandler handler = new EchoHandler();

    @Test
    void idleConnectionIsClosedAfterTheTimeout() throws Exception {
        try (SluiceServer server = TestServers.start(handler, c -> c.withIdleTimeout(Duration.ofSeconds(1)));
             RawHttp used = new RawHttp(server.port());
             RawHttp silent = new RawHttp(server.port())) {
            used.send("GET /once HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, used.read().status());
            assertTrue(used.closedByServer()); // bounded by the socket timeout
            assertTrue(silent.closedByServer());
        }
    }

    @Test
    void idleH2ConnectionIsClosedAfterTheTimeout() throws Exception {
        try (SluiceServer server = TestServers.start(handler, c -> c.withIdleTimeout(Duration.ofSeconds(1)));
             H2Client client = new H2Client(server.port())) {
            assertEquals(200, client.get("/once").status());
            assertTrue(client.connection().closeFuture().await(15, TimeUnit.SECONDS));
        }
    }

    @Test
    void slowRequestOutlivesTheIdleTimeout() throws Exception {
        try (SluiceServer server = TestServers.start(handler, c -> c.withIdleTimeout(Duration.ofSeconds(1)));
             RawHttp http = new RawHttp(server.port())) {
            http.send("GET /poll?delay=2000 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals(200, r.status());
            assertEquals("GET /poll", r.body());
        }
    }

    @Test
    void slowH2RequestOutlivesTheIdleTimeout() throws Exception {
        try (SluiceServer server = TestServers.start(handler, c -> c.withIdleTimeout(Duration.ofSeconds(1)));
             H2Client client = new H2Client(server.port())) {
            assertEquals(200, client.get("/poll?delay=2000").status());
        }
    }

    @Test
    void gracefulCloseLetsARequestInFlightFinish() throws Exception {
        SluiceServer server = TestServers.start(handler);
        try (RawHttp http = new RawHttp(server.port())) {
            handler.arrived = new CountDownLatch(1);
            http.send("GET /inflight?delay=1000 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(handler.arrived.await(15, TimeUnit.SECONDS));
            CompletableFuture<Void> closing = closeInBackground(server);
            RawHttp.Response r = http.read();
            assertEquals(200, r.status());
            assertEquals("close", r.header("Connection"));
            closing.get(30, TimeUnit.SECONDS);
            assertTrue(http.closedByServer());
        }
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", server.port()).close());
    }

    @Test
    void gracefulCloseLetsAnH2StreamInFlightFinish() throws Exception {
        SluiceServer server = TestServers.start(handler);
        try (H2Client client = new H2Client(server.port())) {
            handler.arrived = new CountDownLatch(1);
            CompletableFuture<H2Client.Response> response = client.send("GET", "/inflight?delay=1000", null, null);
            assertTrue(handler.arrived.await(15, TimeUnit.SECONDS));
            CompletableFuture<Void> closing = closeInBackground(server);
            assertEquals(200, response.get(15, TimeUnit.SECONDS).status());
            closing.get(30, TimeUnit.SECONDS);
            assertTrue(client.connection().closeFuture().await(15, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeDoesNotWaitForIdleKeepAliveConnections() throws Exception {
        SluiceServer server = TestServers.start(handler);
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, http.read().status());
            server.close(Duration.ofSeconds(30));
            assertTrue(http.closedByServer());
        }
    }

    private static CompletableFuture<Void> closeInBackground(SluiceServer server) {
        return CompletableFuture.runAsync(server::close, task -> new Thread(task, "test-close").start());
    }

    @Test
    void closeIsIdempotent() {
        SluiceServer server = TestServers.start(handler);
        server.close();
        server.close();
    }

    @Test
    void portZeroBindsAFreePortAndABusyPortFails() {
        try (SluiceServer first = TestServers.start(handler)) {
            assertTrue(first.port() > 0);
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> TestServers.start(handler, c -> c.withPort(first.port())));
            assertTrue(e.getMessage().contains(String.valueOf(first.port())), e.getMessage());
        }
    }
}
