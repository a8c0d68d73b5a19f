package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import sluice.it.query.Form;
import sluice.it.query.QueryClient;
import sluice.it.query.QueryResponse;

/**
 * One query-dialect request of the FIFO tests: a {@link Form} of parameters, sent signed with
 * {@link QueryClient}; the answer is a {@link QueryResponse} with the few success and error
 * checks these tests make (elements matched by local name).
 */
final class QueryCall {
    private final Form form;

    private QueryCall(String action) {
        form = Form.action(action);
    }

    static QueryCall action(String action) {
        return new QueryCall(action);
    }

    QueryCall add(String name, Object value) {
        form.add(name, String.valueOf(value));
        return this;
    }

    /** {@code Attribute.N.Name/Value} */
    QueryCall attributes(Map<String, String> attributes) {
        form.attributes(attributes);
        return this;
    }

    /** POSTs to {@code endpoint}/, signed for service sqs in us-east-1. */
    Answer send(URI endpoint) {
        return new Answer(new QueryClient(endpoint).call(form));
    }

    /** One answer: status, body and its XML. */
    record Answer(QueryResponse response) {
        /** Asserts a success of {@code operation}: HTTP 200 and {@code <OpResponse>}. */
        void ok(String operation) {
            if (response.status() != 200) {
                fail(operation + " failed with HTTP " + response.status() + ": " + response.body());
            }
            assertEquals(operation + "Response", response.rootName(), () -> "root of " + response.body());
        }

        /** The {@code <OpResult>} element, failing unless this is a success of {@code operation}. */
        Element result(String operation) {
            ok(operation);
            Element result = child(response.root(), operation + "Result");
            assertNotNull(result, () -> "no result in " + response.body());
            return result;
        }

        String resultText(String operation, String name) {
            return text(result(operation), name);
        }

        /** Asserts an ErrorResponse with this status, {@code <Type>Sender</Type>} and this code. */
        void error(int expectedStatus, String code) {
            String body = response.body();
            assertEquals("ErrorResponse", response.rootName(), () -> "root of HTTP " + response.status() + ": " + body);
            assertEquals(code, response.errorCode(), () -> "code of " + body);
            assertEquals("Sender", response.errorType(), () -> "type of " + body);
            assertEquals(expectedStatus, response.status(), () -> "status of " + body);
        }

        @Override
        public String toString() {
            return response.toString();
        }
    }

    static Element child(Element parent, String name) {
        return QueryResponse.child(parent, name);
    }

    static List<Element> children(Element parent, String name) {
        return QueryResponse.children(parent, name);
    }

    static String text(Element parent, String name) {
        return QueryResponse.text(parent, name);
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
