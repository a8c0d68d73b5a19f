package sluice.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sluice.server.config.ConfigException;
import sluice.server.config.TlsConfig;

/** TLS on the shared port: HTTP/1.1 and h2 chosen by ALPN, generated and configured certificates. */
class TlsTest {
    private final EchoHandler handler = new EchoHandler();

    @Test
    void tlsWithHttp11() throws Exception {
        try (SluiceServer server = TestServers.start(handler);
             HttpClient client = TestServers.trustingClient(HttpClient.Version.HTTP_1_1)) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/t?x=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("secret")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            assertEquals(200, r.statusCode());
            assertEquals("secret", r.body());
            assertEquals("true", r.headers().firstValue("x-secure").orElseThrow());
            assertEquals("x=1", r.headers().firstValue("x-query").orElseThrow());
        }
    }

    @Test
    void tlsWithAlpnNegotiatesH2() throws Exception {
        try (SluiceServer server = TestServers.start(handler);
             HttpClient client = TestServers.trustingClient(HttpClient.Version.HTTP_2)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/h2/" + i))
                        .POST(HttpRequest.BodyPublishers.ofString("payload " + i)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(HttpClient.Version.HTTP_2, r.version());
                assertEquals("payload " + i, r.body());
                assertEquals("true", r.headers().firstValue("x-secure").orElseThrow());
                assertEquals("localhost:" + server.port(), r.headers().firstValue("x-host").orElseThrow());
            }
        }
    }

    @Test
    void plainHttp2ClientWithoutPriorKnowledgeFallsBackToHttp11() throws Exception {
        // java.net.http tries "Upgrade: h2c", which the server may ignore: the answer comes over HTTP/1.1
        try (SluiceServer server = TestServers.start(handler);
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/plain"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("GET /plain", r.body());
        }
    }

    @Test
    void generatedCertificateNamesLocalhost() {
        try (SluiceServer server = TestServers.start(handler)) {
            assertTrue(server.certificate().getSubjectX500Principal().getName().contains("CN=localhost"));
        }
    }

    @Test
    void configuredPemFilesAreServed(@TempDir Path dir) throws Exception {
        SelfSigned.Material material = SelfSigned.generate(List.of("sluice.test"));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", material.certificate().getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", material.key().getEncoded()));
        try (SluiceServer server = TestServers.start(handler, c -> c.withTls(new TlsConfig(cert, key)));
             HttpClient client = TestServers.trustingClient(HttpClient.Version.HTTP_2)) {
            assertEquals(material.certificate(), server.certificate());
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/f"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(material.certificate(), r.sslSession().orElseThrow().getPeerCertificates()[0]);
        }
    }

    @Test
    void unusablePemFilesFailTheStart(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key");
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestServers.start(handler, c -> c.withTls(new TlsConfig(cert, key))));
        assertTrue(e.getMessage().startsWith("tls.certificate="), e.getMessage());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
