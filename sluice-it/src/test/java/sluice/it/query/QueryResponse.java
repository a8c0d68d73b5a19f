package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One query-dialect answer: HTTP status, headers, the raw body and its XML parsed with the JDK's
 * DOM parser (namespace-aware; elements are matched by local name). Accessors follow the shapes
 * AWS documents: {@code <OpResponse><OpResult>…</OpResult><ResponseMetadata><RequestId>} and
 * {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}.
 */
public final class QueryResponse {
    static final String NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Document document;
    private final String parseError;

    QueryResponse(int status, Map<String, List<String>> headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        Document doc = null;
        String error = null;
        if (body.length > 0) {
            try {
                doc = parser().parse(new ByteArrayInputStream(body));
            } catch (Exception e) {
                error = e.toString();
            }
        } else {
            error = "empty body";
        }
        this.document = doc;
        this.parseError = error;
    }

    private static DocumentBuilder parser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }

    public int status() {
        return status;
    }

    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, case-insensitively, or null. */
    String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    public Element root() {
        if (document == null) {
            fail("response is not XML (" + parseError + "), status " + status + ": " + body());
        }
        return document.getDocumentElement();
    }

    public String rootName() {
        return root().getLocalName();
    }

    /** The RequestId: {@code ResponseMetadata/RequestId}, or {@code RequestId} of an ErrorResponse. */
    String requestId() {
        Element root = root();
        Element metadata = child(root, "ResponseMetadata");
        return text(metadata != null ? metadata : root, "RequestId");
    }

    /** {@code <OpResult>}, failing when the answer is not a success of {@code operation}. */
    Element result(String operation) {
        ok(operation);
        Element result = child(root(), operation + "Result");
        assertNotNull(result, "no <" + operation + "Result> in " + body());
        return result;
    }

    /** The text of {@code <OpResult><name>}, or null when absent. */
    String resultText(String operation, String name) {
        return text(result(operation), name);
    }

    /** Every child of {@code <OpResult>} named {@code name}. */
    List<Element> resultList(String operation, String name) {
        return children(result(operation), name);
    }

    /** Flattened map entries of the result: {@code <Attribute><Name/><Value/></Attribute>…}. */
    Map<String, String> resultMap(String operation, String entry, String key, String value) {
        return entries(result(operation), entry, key, value);
    }

    /**
     * Asserts a success of {@code operation}: HTTP 200, root {@code <OpResponse>} in the SQS
     * namespace, a non-empty RequestId in ResponseMetadata.
     */
    QueryResponse ok(String operation) {
        if (status != 200) {
            fail(operation + " failed with HTTP " + status + ": " + body());
        }
        Element root = root();
        assertEquals(operation + "Response", root.getLocalName(), () -> "root element of " + body());
        assertEquals(NAMESPACE, root.getNamespaceURI(), () -> "namespace of " + body());
        Element metadata = child(root, "ResponseMetadata");
        assertNotNull(metadata, () -> "no ResponseMetadata in " + body());
        String id = text(metadata, "RequestId");
        assertNotNull(id, () -> "no RequestId in " + body());
        assertFalse(id.isBlank(), () -> "blank RequestId in " + body());
        return this;
    }

    public String errorType() {
        return text(errorElement(), "Type");
    }

    public String errorCode() {
        return text(errorElement(), "Code");
    }

    String errorMessage() {
        return text(errorElement(), "Message");
    }

    private Element errorElement() {
        Element error = child(root(), "Error");
        assertNotNull(error, () -> "no <Error> in " + body());
        return error;
    }

    /**
     * Asserts the documented error shape: HTTP {@code status},
     * {@code <ErrorResponse><Error><Type>Sender</Type><Code>code</Code><Message>…</Message></Error><RequestId>…}.
     */
    QueryResponse error(int status, String code) {
        return error(status, "Sender", code);
    }

    QueryResponse error(int status, String type, String code) {
        String what = "HTTP " + this.status + ": " + body();
        assertEquals("ErrorResponse", rootName(), () -> "root element of " + what);
        assertEquals(code, errorCode(), () -> "error code of " + what);
        assertEquals(type, errorType(), () -> "error type of " + what);
        assertEquals(status, this.status, () -> "status of " + what);
        String message = errorMessage();
        assertNotNull(message, () -> "no Message in " + what);
        assertFalse(message.isBlank(), () -> "blank Message in " + what);
        String id = text(root(), "RequestId");
        assertNotNull(id, () -> "no RequestId directly under ErrorResponse in " + what);
        assertFalse(id.isBlank(), () -> "blank RequestId in " + what);
        return this;
    }

    // ---- DOM helpers (by local name) ----

    public static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    public static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The text of the first child {@code name}, or null when there is none. */
    public static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent();
    }

    /** Names of the element children of {@code parent}, in order. */
    static List<String> childNames(Element parent) {
        List<String> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e.getLocalName());
            }
        }
        return out;
    }

    static Map<String, String> entries(Element parent, String entry, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element e : children(parent, entry)) {
            String k = text(e, key);
            assertNotNull(k, "entry without <" + key + ">");
            if (out.put(k, text(e, value)) != null) {
                fail("duplicate <" + entry + "> " + k);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + body();
    }
}
