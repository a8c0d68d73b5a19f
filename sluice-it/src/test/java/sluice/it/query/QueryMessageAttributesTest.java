package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import sluice.it.query.MessageMd5.Attr;

/**
 * Message attributes in the query dialect ({@code MessageAttribute.N.Name},
 * {@code MessageAttribute.N.Value.DataType|StringValue|BinaryValue}): String, Number, Binary and
 * custom types round-trip, {@code MessageAttributeName.N} selects them on receive, and every MD5
 * the server returns equals the one computed here by AWS's documented algorithm.
 */
class QueryMessageAttributesTest extends QueryServerBase {
    private static final byte[] BINARY = {0, 1, 2, (byte) 0xfe, (byte) 0xff, '+', '/', '=', 10, 13};

    /** The attributes most tests send, in the order they are sent (not sorted: the digest sorts). */
    private static Map<String, Attr> sample() {
        Map<String, Attr> attrs = new LinkedHashMap<>();
        attrs.put("zeta", Attr.string("String", "last by name"));
        attrs.put("Weight", Attr.string("Number", "230.000000000000000001"));
        attrs.put("blob", Attr.binary("Binary", BINARY));
        attrs.put("Colour", Attr.string("String.rgb", "#ff8800"));
        attrs.put("picture", Attr.binary("Binary.gif", "GIF89a".getBytes(StandardCharsets.US_ASCII)));
        attrs.put("count", Attr.string("Number.int", "-42"));
        attrs.put("Unicode_value", Attr.string("String", "värde ✓ 名前 😀"));
        return attrs;
    }

    @Test
    void sendMessageReturnsTheMd5OfTheAttributes() {
        String url = queues.create("qattr-send");
        Map<String, Attr> attrs = sample();
        QueryResponse r = sqs.call(
                Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "with attributes").messageAttributes("", attrs));

        assertEquals(MessageMd5.ofBody("with attributes"), r.resultText("SendMessage", "MD5OfMessageBody"));
        assertEquals(MessageMd5.ofAttributes(attrs), r.resultText("SendMessage", "MD5OfMessageAttributes"));
    }

    @Test
    void theDigestDoesNotDependOnTheOrderAttributesAreSent() {
        String url = queues.create("qattr-order");
        Map<String, Attr> forward = new LinkedHashMap<>();
        forward.put("a", Attr.string("String", "1"));
        forward.put("b", Attr.string("Number", "2"));
        Map<String, Attr> backward = new LinkedHashMap<>();
        backward.put("b", Attr.string("Number", "2"));
        backward.put("a", Attr.string("String", "1"));

        String one = sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x")
                .messageAttributes("", forward)).resultText("SendMessage", "MD5OfMessageAttributes");
        String two = sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x")
                .messageAttributes("", backward)).resultText("SendMessage", "MD5OfMessageAttributes");
        assertEquals(MessageMd5.ofAttributes(forward), one);
        assertEquals(one, two);
    }

    @Test
    void receiveWithMessageAttributeNameAllReturnsEveryAttributeAndItsMd5() {
        String url = queues.create("qattr-recv");
        Map<String, Attr> attrs = sample();
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "b").messageAttributes("", attrs))
                .ok("SendMessage");

        Element m = queues.receiveOne(url, Form.empty().add("MessageAttributeName.1", "All"));
        Map<String, Attr> got = attributesOf(m);
        assertEquals(attrs.keySet(), got.keySet());
        for (Map.Entry<String, Attr> e : attrs.entrySet()) {
            Attr want = e.getValue();
            Attr have = got.get(e.getKey());
            assertEquals(want.dataType(), have.dataType(), e.getKey());
            assertEquals(want.stringValue(), have.stringValue(), e.getKey());
            if (want.binaryValue() != null) {
                assertArrayEquals(want.binaryValue(), have.binaryValue(), e.getKey());
            } else {
                assertNull(have.binaryValue(), e.getKey());
            }
        }
        assertEquals(MessageMd5.ofAttributes(attrs), QueryResponse.text(m, "MD5OfMessageAttributes"));
        assertEquals(MessageMd5.ofBody("b"), QueryResponse.text(m, "MD5OfBody"));
    }

    @Test
    void receivedAttributeValueElementsHaveTheDocumentedNames() {
        String url = queues.create("qattr-shape");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "b")
                .stringAttribute("", 1, "s", "String", "v")
                .binaryAttribute("", 2, "bin", "Binary", BINARY)).ok("SendMessage");

        Element m = queues.receiveOne(url, Form.empty().add("MessageAttributeName.1", "All"));
        assertEquals(2, QueryResponse.children(m, "MessageAttribute").size(), "attributes in a received message");
        for (Element attribute : QueryResponse.children(m, "MessageAttribute")) {
            String name = QueryResponse.text(attribute, "Name");
            Element value = QueryResponse.child(attribute, "Value");
            assertNotNull(value, "Value of " + name);
            Set<String> elements = new TreeSet<>(QueryResponse.childNames(value));
            if (name.equals("s")) {
                assertEquals(Set.of("DataType", "StringValue"), elements);
            } else {
                assertEquals(Set.of("BinaryValue", "DataType"), elements);
                assertEquals(Base64.getEncoder().encodeToString(BINARY), QueryResponse.text(value, "BinaryValue"));
            }
        }
    }

    @Test
    void messageAttributeNamesSelectByNameAndByPrefix() {
        String url = queues.create("qattr-select");
        Map<String, Attr> attrs = new LinkedHashMap<>();
        attrs.put("order.id", Attr.string("String", "o-1"));
        attrs.put("order.total", Attr.string("Number", "12.5"));
        attrs.put("customer", Attr.string("String", "c-9"));
        attrs.put("trace", Attr.string("String", "t"));
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "b").messageAttributes("", attrs))
                .ok("SendMessage");

        Element m = queues.receiveOne(url, Form.empty().add("VisibilityTimeout", 0)
                .add("MessageAttributeName.1", "customer").add("MessageAttributeName.2", "order.*"));
        Map<String, Attr> got = attributesOf(m);
        assertEquals(Set.of("customer", "order.id", "order.total"), got.keySet());
        Map<String, Attr> expected = new LinkedHashMap<>(attrs);
        expected.remove("trace");
        assertEquals(MessageMd5.ofAttributes(expected), QueryResponse.text(m, "MD5OfMessageAttributes"),
                "MD5OfMessageAttributes covers the attributes returned");

        Element none = queues.receiveOne(url);
        assertEquals(List.of(), QueryResponse.children(none, "MessageAttribute"), "no names, no attributes");
        assertNull(QueryResponse.text(none, "MD5OfMessageAttributes"));
    }

    @Test
    void sendMessageBatchEntriesCarryAttributesAndMd5s() {
        String url = queues.create("qattr-batch");
        Map<String, Attr> first = Map.of("k", Attr.string("String", "v1"), "n", Attr.string("Number", "1"));
        Map<String, Attr> second = Map.of("bin", Attr.binary("Binary", BINARY));
        Form form = Form.action("SendMessageBatch").add("QueueUrl", url)
                .add("SendMessageBatchRequestEntry.1.Id", "first")
                .add("SendMessageBatchRequestEntry.1.MessageBody", "body one")
                .add("SendMessageBatchRequestEntry.2.Id", "second")
                .add("SendMessageBatchRequestEntry.2.MessageBody", "body two")
                .add("SendMessageBatchRequestEntry.3.Id", "third")
                .add("SendMessageBatchRequestEntry.3.MessageBody", "no attributes");
        form.messageAttributes("SendMessageBatchRequestEntry.1.", new LinkedHashMap<>(first));
        form.messageAttributes("SendMessageBatchRequestEntry.2.", new LinkedHashMap<>(second));
        QueryResponse r = sqs.call(form);

        Map<String, Element> entries = new LinkedHashMap<>();
        for (Element e : r.resultList("SendMessageBatch", "SendMessageBatchResultEntry")) {
            entries.put(QueryResponse.text(e, "Id"), e);
        }
        assertEquals(Set.of("first", "second", "third"), entries.keySet());
        assertEquals(List.of(), r.resultList("SendMessageBatch", "BatchResultErrorEntry"));
        assertEquals(MessageMd5.ofBody("body one"), QueryResponse.text(entries.get("first"), "MD5OfMessageBody"));
        assertEquals(MessageMd5.ofAttributes(first), QueryResponse.text(entries.get("first"), "MD5OfMessageAttributes"));
        assertEquals(MessageMd5.ofBody("body two"), QueryResponse.text(entries.get("second"), "MD5OfMessageBody"));
        assertEquals(MessageMd5.ofAttributes(second), QueryResponse.text(entries.get("second"), "MD5OfMessageAttributes"));
        assertNull(QueryResponse.text(entries.get("third"), "MD5OfMessageAttributes"));
        entries.values().forEach(e -> assertNotNull(QueryResponse.text(e, "MessageId")));

        Map<String, Map<String, Attr>> received = new LinkedHashMap<>();
        for (int i = 0; i < 10 && received.size() < 3; i++) {
            for (Element m : queues.receive(url, Form.empty().add("MaxNumberOfMessages", 10).add("WaitTimeSeconds", 1)
                    .add("MessageAttributeName.1", "All"))) {
                received.put(QueryResponse.text(m, "Body"), attributesOf(m));
            }
        }
        assertEquals(first.keySet(), received.get("body one").keySet());
        assertArrayEquals(BINARY, received.get("body two").get("bin").binaryValue());
        assertEquals(Map.of(), received.get("no attributes"));
    }

    @Test
    void messageSystemAttributeAwsTraceHeaderHasItsOwnMd5() {
        String url = queues.create("qattr-trace");
        String trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        QueryResponse r = sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "traced")
                .add("MessageSystemAttribute.1.Name", "AWSTraceHeader")
                .add("MessageSystemAttribute.1.Value.DataType", "String")
                .add("MessageSystemAttribute.1.Value.StringValue", trace));
        assertEquals(MessageMd5.ofAttributes(Map.of("AWSTraceHeader", Attr.string("String", trace))),
                r.resultText("SendMessage", "MD5OfMessageSystemAttributes"));
        assertNull(r.resultText("SendMessage", "MD5OfMessageAttributes"));

        Element m = queues.receiveOne(url, Form.empty().add("MessageSystemAttributeName.1", "AWSTraceHeader"));
        assertEquals(Map.of("AWSTraceHeader", trace), QueryResponse.entries(m, "Attribute", "Name", "Value"));
    }

    /** The {@code <MessageAttribute>} elements of a received message, decoded. */
    private static Map<String, Attr> attributesOf(Element message) {
        Map<String, Attr> out = new LinkedHashMap<>();
        for (Element attribute : QueryResponse.children(message, "MessageAttribute")) {
            Element value = QueryResponse.child(attribute, "Value");
            String binary = QueryResponse.text(value, "BinaryValue");
            out.put(QueryResponse.text(attribute, "Name"), new Attr(QueryResponse.text(value, "DataType"),
                    QueryResponse.text(value, "StringValue"), binary == null ? null : Base64.getDecoder().decode(binary)));
        }
        return out;
    }
}
