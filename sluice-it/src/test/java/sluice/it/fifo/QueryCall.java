package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import sluice.testkit.SluiceTestServer;

/**
 * A small client of the SQS query dialect (after {@code sluice.it.query.QueryClient}): an ordered
 * form of parameters, POSTed form-encoded and signed with the SDK's SigV4 signer, and the XML answer
 * parsed with the JDK's DOM parser (elements matched by local name).
 */
final class QueryCall {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final List<String[]> params = new ArrayList<>();

    private QueryCall(String action) {
        add("Action", action).add("Version", "2012-11-05");
    }

    static QueryCall action(String action) {
        return new QueryCall(action);
    }

    QueryCall add(String name, Object value) {
        params.add(new String[] {name, String.valueOf(value)});
        return this;
    }

    /** {@code Attribute.N.Name/Value} */
    QueryCall attributes(Map<String, String> attributes) {
        int n = 1;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            add("Attribute." + n + ".Name", e.getKey()).add("Attribute." + n + ".Value", e.getValue());
            n++;
        }
        return this;
    }

    private String encode() {
        StringBuilder sb = new StringBuilder();
        for (String[] p : params) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(percent(p[0])).append('=').append(percent(p[1]));
        }
        return sb.toString();
    }

    private static String percent(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    /** POSTs to {@code endpoint}/, signed for service sqs in us-east-1. */
    Answer send(URI endpoint) {
        byte[] body = encode().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().uri(endpoint.resolve("/")).method(SdkHttpMethod.POST)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        SdkHttpRequest signed = SIGNER.sign(r -> r
                .identity(AwsCredentialsIdentity.create(SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sqs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, SluiceTestServer.REGION)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.systemUTC())).request();
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.getUri()).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : signed.headers().entrySet()) {
            if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                h.getValue().forEach(v -> b.header(h.getKey(), v));
            }
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One answer: status, body and its XML. */
    record Answer(int status, String body) {
        Element root() {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setNamespaceAware(true);
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
                return doc.getDocumentElement();
            } catch (Exception e) {
                fail("not XML (" + e + "), HTTP " + status + ": " + body);
                throw new IllegalStateException(e);
            }
        }

        /** Asserts a success of {@code operation}: HTTP 200 and {@code <OpResponse>}. */
        void ok(String operation) {
            if (status != 200) {
                fail(operation + " failed with HTTP " + status + ": " + body);
            }
            assertEquals(operation + "Response", root().getLocalName(), () -> "root of " + body);
        }

        /** The {@code <OpResult>} element, failing unless this is a success of {@code operation}. */
        Element result(String operation) {
            if (status != 200) {
                fail(operation + " failed with HTTP " + status + ": " + body);
            }
            Element root = root();
            assertEquals(operation + "Response", root.getLocalName(), () -> "root of " + body);
            Element result = child(root, operation + "Result");
            assertNotNull(result, () -> "no result in " + body);
            return result;
        }

        String resultText(String operation, String name) {
            return text(result(operation), name);
        }

        /** Asserts an ErrorResponse with this status, {@code <Type>Sender</Type>} and this code. */
        void error(int expectedStatus, String code) {
            Element root = root();
            assertEquals("ErrorResponse", root.getLocalName(), () -> "root of HTTP " + status + ": " + body);
            Element error = child(root, "Error");
            assertNotNull(error, () -> "no <Error> in " + body);
            assertEquals(code, text(error, "Code"), () -> "code of " + body);
            assertEquals("Sender", text(error, "Type"), () -> "type of " + body);
            assertEquals(expectedStatus, status, () -> "status of " + body);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    static Element child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.get(0);
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent();
    }

    /** {@code <entry><key/><value/></entry>…} as a map. */
    static Map<String, String> entries(Element parent, String entry, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element e : children(parent, entry)) {
            out.put(text(e, key), text(e, value));
        }
        return out;
    }
}
