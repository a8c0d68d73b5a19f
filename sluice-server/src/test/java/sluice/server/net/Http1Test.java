package sluice.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/1.x over plain TCP, driven byte by byte with {@link RawHttp}. */
class Http1Test {
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
    void keepAliveServesTwoRequestsOnOneConnection() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /first?a=1&b=%2F HTTP/1.1\r\nHost: example\r\n\r\n");
            RawHttp.Response first = http.read();
            assertEquals(200, first.status());
            assertEquals("/first", first.header("X-Path"));
            assertEquals("a=1&b=%2F", first.header("X-Query"));
            assertEquals("example", first.header("X-Host"));
            assertEquals("false", first.header("X-Secure"));
            assertNull(first.header("Connection"));

            http.send("POST /second HTTP/1.1\r\nHost: example\r\nContent-Length: 5\r\n\r\nhello");
            RawHttp.Response second = http.read();
            assertEquals("POST", second.header("X-Method"));
            assertEquals("hello", second.body());
            assertEquals("5", second.header("Content-Length"));
        }
        assertEquals(2, handler.handled.get());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /slow?delay=300 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /third HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            assertEquals("/slow", http.read().header("X-Path"));
            assertEquals("/fast", http.read().header("X-Path"));
            assertEquals("abc", http.read().body());
        }
    }

    @Test
    void chunkedBodyIsAggregated() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            assertEquals("hello world", http.read().body());
        }
    }

    @Test
    void http10ClosesAfterTheResponse() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /old HTTP/1.0\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals("HTTP/1.0", r.version());
            assertEquals("GET /old", r.body());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void http10KeepAliveIsHonoured() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("keep-alive", http.read().header("Connection"));
            http.send("GET /b HTTP/1.0\r\n\r\n");
            assertEquals("/b", http.read().header("X-Path"));
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals("close", r.header("Connection"));
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void headGetsHeadersOnly() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response head = http.read(true);
            assertEquals(String.valueOf("HEAD /h".length()), head.header("Content-Length"));
            assertEquals("/after", http.read().header("X-Path")); // nothing stray between the two
        }
    }

    @Test
    void expectContinueGetsAnInterimResponse() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("PUT /e HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, http.read().status());
            http.send("data");
            RawHttp.Response r = http.read();
            assertEquals(200, r.status());
            assertEquals("data", r.body());
        }
    }

    @Test
    void oversizedContentLengthIsRefusedWithoutReadingTheBody() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\nonly a few bytes");
            RawHttp.Response r = http.read();
            assertEquals(413, r.status());
            assertEquals("too large: limit 1024", r.body());
            assertEquals("/big", r.header("X-Path"));
            assertEquals("close", r.header("Connection"));
            assertTrue(http.closedByServer());
        }
        assertEquals(0, handler.handled.get());
        assertEquals(1, handler.refused.get());
    }

    @Test
    void oversizedExpectContinueIsRefusedBeforeTheBodyIsSent() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(413, http.read().status());
        }
    }

    @Test
    void chunkedBodyGrowingPastTheCapIsRefused() throws Exception {
        String chunk = "x".repeat(600);
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("POST /grow HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n");
            RawHttp.Response r = http.read();
            assertEquals(413, r.status());
            assertTrue(http.closedByServer());
        }
        assertEquals(0, handler.handled.get());
    }

    @Test
    void bodyExactlyAtTheCapIsAccepted() throws Exception {
        String body = "y".repeat(1024);
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("POST /edge HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n" + body);
            assertEquals(body, http.read().body());
        }
    }

    @Test
    void oversizedHeadersGet431() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(20_000) + "\r\n\r\n");
            assertEquals(431, http.read().status());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void malformedRequestGets400() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
            assertEquals(400, http.read().status());
        }
    }

    @Test
    void failingHandlerGetsAPlain500AndTheConnectionStays() throws Exception {
        Logger log = Logger.getLogger("sluice.server.net");
        Level before = log.getLevel();
        log.setLevel(Level.OFF); // the failure is logged; keep the test output quiet
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals(500, r.status());
            assertEquals("internal error", r.body());
            http.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, http.read().status());
        } finally {
            log.setLevel(before);
        }
    }

    @Test
    void invalidResponseHeaderBecomesA500() throws Exception {
        Logger log = Logger.getLogger("sluice.server.net");
        Level before = log.getLevel();
        log.setLevel(Level.OFF);
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /bad-header HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals(500, r.status());
            assertNull(r.header("Set-Cookie"));
            http.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, http.read().status());
        } finally {
            log.setLevel(before);
        }
    }

    @Test
    void responsesCarryADate() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(http.read().header("Date").endsWith(" GMT"));
        }
    }

    @Test
    void absoluteFormTargetLosesItsAuthority() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET http://example.com:4566/q/1?x=y HTTP/1.1\r\nHost: example.com\r\n\r\n");
            RawHttp.Response r = http.read();
            assertEquals("/q/1", r.header("X-Path"));
            assertEquals("x=y", r.header("X-Query"));
        }
    }
}
