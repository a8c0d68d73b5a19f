package sluice.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** h2c with prior knowledge on the shared port, driven by Netty's HTTP/2 client. */
class Http2Test {
    private final EchoHandler handler = new EchoHandler();
    private SluiceServer server;

    @BeforeEach
    void start() {
        server = TestServers.start(handler, c -> c.withMaxBodyBytes(1024));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void priorKnowledgeServesConcurrentStreamsOnOneConnection() throws Exception {
        try (H2Client client = new H2Client(server.port())) {
            List<CompletableFuture<H2Client.Response>> responses = new ArrayList<>();
            responses.add(client.send("GET", "/slow?delay=300", null, null));
            for (int i = 0; i < 10; i++) {
                responses.add(client.send("POST", "/s/" + i + "?n=" + i, null, ("body " + i).getBytes(StandardCharsets.UTF_8)));
            }
            H2Client.Response slow = responses.get(0).get(15, TimeUnit.SECONDS);
            assertEquals(200, slow.status());
            assertEquals("GET /slow", slow.body());
            for (int i = 0; i < 10; i++) {
                H2Client.Response r = responses.get(i + 1).get(15, TimeUnit.SECONDS);
                assertEquals(200, r.status());
                assertEquals("/s/" + i, r.header("x-path"));
                assertEquals("n=" + i, r.header("x-query"));
                assertEquals("body " + i, r.body());
                assertEquals("localhost", r.header("x-host")); // :authority stands in for Host
                assertEquals("false", r.header("x-secure"));
                assertEquals(String.valueOf(("body " + i).length()), r.header("content-length"));
            }
        }
        assertEquals(11, handler.handled.get());
    }

    @Test
    void oversizedContentLengthIsRefusedAndTheStreamReset() throws Exception {
        try (H2Client client = new H2Client(server.port())) {
            H2Client.Response r = client.send("POST", "/big", new DefaultHttp2Headers().add("content-length", "104857600"),
                    "the first few bytes".getBytes(StandardCharsets.UTF_8), false).get(15, TimeUnit.SECONDS);
            assertEquals(413, r.status());
            assertEquals("too large: limit 1024", r.body());
            assertEquals("/big", r.header("x-path"));
            // the connection survives: only the stream was refused
            assertEquals(200, client.get("/after").status());
        }
        assertEquals(1, handler.handled.get());
    }

    @Test
    void bodyGrowingPastTheCapIsRefused() throws Exception {
        try (H2Client client = new H2Client(server.port())) {
            H2Client.Response r = client.send("POST", "/grow", null, "z".repeat(2000).getBytes(StandardCharsets.UTF_8), false)
                    .get(15, TimeUnit.SECONDS);
            assertEquals(413, r.status());
            assertTrue(client.isOpen());
        }
        assertEquals(0, handler.handled.get());
    }

    @Test
    void invalidResponseHeaderBecomesA500() throws Exception {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("sluice.server.net");
        java.util.logging.Level before = log.getLevel();
        log.setLevel(java.util.logging.Level.OFF);
        try (H2Client client = new H2Client(server.port())) {
            assertEquals(500, client.get("/bad-header").status());
        } finally {
            log.setLevel(before);
        }
    }

    @Test
    void headGetsNoData() throws Exception {
        try (H2Client client = new H2Client(server.port())) {
            H2Client.Response r = client.send("HEAD", "/h", null, null).get(15, TimeUnit.SECONDS);
            assertEquals(200, r.status());
            assertEquals("", r.body());
            assertEquals(String.valueOf("HEAD /h".length()), r.header("content-length"));
        }
    }
}
