package sluice.protocol.sqs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import sluice.api.sqs.MessageAttributeValue;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsResult;
import sluice.protocol.wire.WireResponse;

/** JSON and XML encodings, read back with Jackson and the JDK's DOM parser. */
class SqsEncodeTest {
    static final String NS = "http://queue.amazonaws.com/doc/2012-11-05/";
    static final String RID = "req-1";
    static final String TRICKY = "a\r\nb\rc\nd\te <&> \"q\" 'a' ]]> ü € 😀 \u2028 \uFFFD end";
    static final byte[] BINARY = {0, 1, 2, (byte) 0xFF, (byte) 0xFE, 62, 63};

    final SqsJsonCodec json = new SqsJsonCodec();
    final SqsQueryCodec query = new SqsQueryCodec();
    final ObjectMapper mapper = new ObjectMapper();

    // ---------------------------------------------------------------- JSON

    @Test
    void jsonHeadersAndEmptyResults() throws Exception {
        WireResponse r = json.encode(new SqsResult.Empty(), RID);
        assertEquals(200, r.status());
        assertEquals("application/x-amz-json-1.0", r.headers().get("Content-Type"));
        assertEquals(RID, r.headers().get("x-amzn-RequestId"));
        assertEquals("{}", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("{}", text(json.encode(new SqsResult.ReceiveMessage(List.of()), RID)));
        assertEquals("{}", text(json.encode(new SqsResult.QueueUrls(List.of(), null), RID)));
        assertEquals("{}", text(json.encode(new SqsResult.Attributes(Map.of()), RID)));
        assertEquals("{}", text(json.encode(new SqsResult.ListMessageMoveTasks(List.of()), RID)));
        assertEquals("{\"queueUrls\":[]}",
                text(json.encode("ListDeadLetterSourceQueues", new SqsResult.QueueUrls(List.of(), null), RID)));
    }

    @Test
    void jsonQueueResults() throws Exception {
        assertEquals("http://h/1/q", parse(json.encode(new SqsResult.QueueUrl("http://h/1/q"), RID)).get("QueueUrl").textValue());
        JsonNode list = parse(json.encode("ListQueues", new SqsResult.QueueUrls(List.of("u1", "u2"), "next"), RID));
        assertEquals("[\"u1\",\"u2\"]", list.get("QueueUrls").toString());
        assertEquals("next", list.get("NextToken").textValue());
        JsonNode dlq = parse(json.encode("ListDeadLetterSourceQueues", new SqsResult.QueueUrls(List.of("u1"), null), RID));
        assertEquals("[\"u1\"]", dlq.get("queueUrls").toString());
        assertNull(dlq.get("QueueUrls"));
        assertNull(dlq.get("NextToken"));
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("VisibilityTimeout", "30");
        attrs.put("Policy", TRICKY);
        JsonNode a = parse(json.encode(new SqsResult.Attributes(attrs), RID));
        assertEquals(TRICKY, a.get("Attributes").get("Policy").textValue());
        assertEquals("30", a.get("Attributes").get("VisibilityTimeout").textValue());
        JsonNode t = parse(json.encode(new SqsResult.Tags(Map.of("k", "v")), RID));
        assertEquals("{\"k\":\"v\"}", t.get("Tags").toString());
    }

    @Test
    void jsonSendResults() throws Exception {
        JsonNode s = parse(json.encode(new SqsResult.SendMessage("id", "md5b", null, null, null), RID));
        assertEquals("{\"MessageId\":\"id\",\"MD5OfMessageBody\":\"md5b\"}", s.toString());
        JsonNode full = parse(json.encode(new SqsResult.SendMessage("id", "b", "a", "s", "18"), RID));
        assertEquals("a", full.get("MD5OfMessageAttributes").textValue());
        assertEquals("s", full.get("MD5OfMessageSystemAttributes").textValue());
        assertEquals("18", full.get("SequenceNumber").textValue());

        JsonNode batch = parse(json.encode(new SqsResult.SendMessageBatch(
                List.of(new SqsResult.SendBatchSuccess("e1", new SqsResult.SendMessage("m1", "b1", null, null, null))),
                List.of(new SqsResult.BatchFailure("e2", true, "InvalidParameterValue", "bad <value>"),
                        new SqsResult.BatchFailure("e3", false, "InternalError", null))), RID));
        assertEquals("{\"Id\":\"e1\",\"MessageId\":\"m1\",\"MD5OfMessageBody\":\"b1\"}", batch.get("Successful").get(0).toString());
        assertEquals("{\"Id\":\"e2\",\"SenderFault\":true,\"Code\":\"InvalidParameterValue\",\"Message\":\"bad <value>\"}",
                batch.get("Failed").get(0).toString());
        assertFalse(batch.get("Failed").get(1).get("SenderFault").booleanValue());
        assertNull(batch.get("Failed").get(1).get("Message"));
        assertEquals("{\"Successful\":[],\"Failed\":[]}",
                text(json.encode(new SqsResult.SendMessageBatch(List.of(), List.of()), RID)));

        JsonNode ids = parse(json.encode(new SqsResult.IdBatch(List.of("a", "b"),
                List.of(new SqsResult.BatchFailure("c", true, "ReceiptHandleIsInvalid", "nope"))), RID));
        assertEquals("[{\"Id\":\"a\"},{\"Id\":\"b\"}]", ids.get("Successful").toString());
        assertEquals("ReceiptHandleIsInvalid", ids.get("Failed").get(0).get("Code").textValue());
    }

    @Test
    void jsonReceivedMessagesSurviveTheRoundTrip() throws Exception {
        JsonNode r = parse(json.encode(new SqsResult.ReceiveMessage(List.of(message(), bareMessage())), RID));
        JsonNode m = r.get("Messages").get(0);
        assertEquals("mid", m.get("MessageId").textValue());
        assertEquals("rh", m.get("ReceiptHandle").textValue());
        assertEquals("md5", m.get("MD5OfBody").textValue());
        assertEquals(TRICKY, m.get("Body").textValue());
        assertEquals("3", m.get("Attributes").get("ApproximateReceiveCount").textValue());
        assertEquals("mattr", m.get("MD5OfMessageAttributes").textValue());
        JsonNode s = m.get("MessageAttributes").get("s");
        assertEquals("{\"StringValue\":\"" + "x y" + "\",\"DataType\":\"String\"}", s.toString());
        JsonNode b = m.get("MessageAttributes").get("b");
        assertEquals("Binary.gzip", b.get("DataType").textValue());
        assertArrayEquals(BINARY, Base64.getDecoder().decode(b.get("BinaryValue").textValue()));
        assertNull(b.get("StringValue"));
        assertEquals(TRICKY, m.get("MessageAttributes").get("t").get("StringValue").textValue());
        JsonNode bare = r.get("Messages").get(1);
        assertEquals("{\"MessageId\":\"m2\",\"ReceiptHandle\":\"rh2\",\"MD5OfBody\":\"x\",\"Body\":\"\"}", bare.toString());
    }

    @Test
    void jsonMoveTasks() throws Exception {
        assertEquals("{\"TaskHandle\":\"th\"}", text(json.encode(new SqsResult.StartMessageMoveTask("th"), RID)));
        assertEquals("{\"ApproximateNumberOfMessagesMoved\":12345678901}",
                text(json.encode(new SqsResult.CancelMessageMoveTask(12345678901L), RID)));
        JsonNode l = parse(json.encode(new SqsResult.ListMessageMoveTasks(List.of(
                new SqsResult.MoveTask("th", "RUNNING", "src", "dst", 10, 5, 100L, null, 1700000000000L),
                new SqsResult.MoveTask(null, "FAILED", "src", null, null, 0, null, "why", 1L))), RID));
        JsonNode t = l.get("Results").get(0);
        assertEquals("{\"TaskHandle\":\"th\",\"Status\":\"RUNNING\",\"SourceArn\":\"src\",\"DestinationArn\":\"dst\","
                + "\"MaxNumberOfMessagesPerSecond\":10,\"ApproximateNumberOfMessagesMoved\":5,"
                + "\"ApproximateNumberOfMessagesToMove\":100,\"StartedTimestamp\":1700000000000}", t.toString());
        assertEquals("{\"Status\":\"FAILED\",\"SourceArn\":\"src\",\"ApproximateNumberOfMessagesMoved\":0,"
                + "\"FailureReason\":\"why\",\"StartedTimestamp\":1}", l.get("Results").get(1).toString());
    }

    @Test
    void jsonErrors() throws Exception {
        WireResponse r = json.encodeError(SqsException.queueDoesNotExist(), RID);
        assertEquals(400, r.status());
        assertEquals("{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"The specified queue does not exist.\"}",
                text(r));
        assertEquals("AWS.SimpleQueueService.NonExistentQueue;Sender", r.headers().get("x-amzn-query-error"));
        assertEquals(RID, r.headers().get("x-amzn-RequestId"));
        assertEquals("application/x-amz-json-1.0", r.headers().get("Content-Type"));

        WireResponse s = json.encodeError(SqsError.SERIALIZATION_EXCEPTION.error("bad"), RID);
        assertEquals("com.amazon.coral.service#SerializationException", parse(s).get("__type").textValue());
        assertEquals("SerializationException;Sender", s.headers().get("x-amzn-query-error"));

        WireResponse i = json.encodeError(SqsError.INTERNAL_FAILURE.error(TRICKY), RID);
        assertEquals(500, i.status());
        assertEquals("InternalFailure;Receiver", i.headers().get("x-amzn-query-error"));
        assertEquals(TRICKY, parse(i).get("message").textValue());
        assertEquals(403, json.encodeError(SqsError.OVER_LIMIT.error("x"), RID).status());
    }

    // ---------------------------------------------------------------- XML

    @Test
    void xmlEnvelopeAndOperationsWithoutResult() throws Exception {
        WireResponse r = query.encode("DeleteQueue", new SqsResult.Empty(), RID);
        assertEquals(200, r.status());
        assertEquals("text/xml", r.headers().get("Content-Type"));
        Element root = xml(r);
        assertEquals("DeleteQueueResponse", root.getLocalName());
        assertEquals(NS, root.getNamespaceURI());
        assertEquals(List.of("ResponseMetadata"), childNames(root));
        assertEquals(RID, text(child(child(root, "ResponseMetadata"), "RequestId")));
        for (String op : List.of("SetQueueAttributes", "TagQueue", "UntagQueue", "PurgeQueue", "DeleteMessage",
                "ChangeMessageVisibility", "AddPermission", "RemovePermission")) {
            assertEquals(List.of("ResponseMetadata"), childNames(xml(query.encode(op, new SqsResult.Empty(), RID))), op);
        }
        Element list = xml(query.encode("ListQueues", new SqsResult.QueueUrls(List.of(), null), RID));
        assertEquals(List.of("ListQueuesResult", "ResponseMetadata"), childNames(list));
        assertEquals(List.of(), childNames(child(list, "ListQueuesResult")));
    }

    @Test
    void xmlQueueResults() throws Exception {
        Element create = result(query.encode("CreateQueue", new SqsResult.QueueUrl("http://h/1/q?a&b"), RID), "CreateQueue");
        assertEquals("http://h/1/q?a&b", text(child(create, "QueueUrl")));
        Element get = result(query.encode("GetQueueUrl", new SqsResult.QueueUrl("u"), RID), "GetQueueUrl");
        assertEquals("u", text(child(get, "QueueUrl")));

        Element list = result(query.encode("ListQueues", new SqsResult.QueueUrls(List.of("u1", "u2"), "n"), RID), "ListQueues");
        assertEquals(List.of("QueueUrl", "QueueUrl", "NextToken"), childNames(list));
        assertEquals("u2", text(children(list, "QueueUrl").get(1)));
        assertEquals("n", text(child(list, "NextToken")));
        Element dlq = result(query.encode("ListDeadLetterSourceQueues", new SqsResult.QueueUrls(List.of("d"), null), RID),
                "ListDeadLetterSourceQueues");
        assertEquals(List.of("QueueUrl"), childNames(dlq));

        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("Policy", TRICKY);
        attrs.put("DelaySeconds", "0");
        Element ga = result(query.encode("GetQueueAttributes", new SqsResult.Attributes(attrs), RID), "GetQueueAttributes");
        assertEquals(attrs, pairs(ga, "Attribute", "Name", "Value"));
        Element tags = result(query.encode("ListQueueTags", new SqsResult.Tags(Map.of("k<", "v&")), RID), "ListQueueTags");
        assertEquals(Map.of("k<", "v&"), pairs(tags, "Tag", "Key", "Value"));
    }

    @Test
    void xmlSendResults() throws Exception {
        Element s = result(query.encode("SendMessage", new SqsResult.SendMessage("id", "b", "a", null, "7"), RID), "SendMessage");
        assertEquals(List.of("MessageId", "MD5OfMessageBody", "MD5OfMessageAttributes", "SequenceNumber"), childNames(s));
        assertEquals("7", text(child(s, "SequenceNumber")));

        Element b = result(query.encode("SendMessageBatch", new SqsResult.SendMessageBatch(
                List.of(new SqsResult.SendBatchSuccess("e1", new SqsResult.SendMessage("m1", "b1", null, null, null))),
                List.of(new SqsResult.BatchFailure("e2", true, "InvalidParameterValue", "bad <x>"))), RID), "SendMessageBatch");
        assertEquals(List.of("SendMessageBatchResultEntry", "BatchResultErrorEntry"), childNames(b));
        Element ok = child(b, "SendMessageBatchResultEntry");
        assertEquals(List.of("Id", "MessageId", "MD5OfMessageBody"), childNames(ok));
        Element err = child(b, "BatchResultErrorEntry");
        assertEquals("e2", text(child(err, "Id")));
        assertEquals("true", text(child(err, "SenderFault")));
        assertEquals("InvalidParameterValue", text(child(err, "Code")));
        assertEquals("bad <x>", text(child(err, "Message")));

        SqsResult.IdBatch ids = new SqsResult.IdBatch(List.of("a"), List.of(new SqsResult.BatchFailure("b", false, "X", null)));
        Element d = result(query.encode("DeleteMessageBatch", ids, RID), "DeleteMessageBatch");
        assertEquals(List.of("DeleteMessageBatchResultEntry", "BatchResultErrorEntry"), childNames(d));
        assertEquals("a", text(child(child(d, "DeleteMessageBatchResultEntry"), "Id")));
        assertEquals("false", text(child(child(d, "BatchResultErrorEntry"), "SenderFault")));
        Element c = result(query.encode("ChangeMessageVisibilityBatch", ids, RID), "ChangeMessageVisibilityBatch");
        assertEquals(List.of("ChangeMessageVisibilityBatchResultEntry", "BatchResultErrorEntry"), childNames(c));
    }

    @Test
    void xmlReceivedMessagesSurviveTheRoundTrip() throws Exception {
        Element r = result(query.encode("ReceiveMessage",
                new SqsResult.ReceiveMessage(List.of(message(), bareMessage())), RID), "ReceiveMessage");
        List<Element> messages = children(r, "Message");
        assertEquals(2, messages.size());
        Element m = messages.get(0);
        assertEquals("mid", text(child(m, "MessageId")));
        assertEquals("rh", text(child(m, "ReceiptHandle")));
        assertEquals("md5", text(child(m, "MD5OfBody")));
        assertEquals(TRICKY, text(child(m, "Body")));
        assertEquals(Map.of("ApproximateReceiveCount", "3", "SentTimestamp", "1700000000000"),
                pairs(m, "Attribute", "Name", "Value"));
        assertEquals("mattr", text(child(m, "MD5OfMessageAttributes")));
        List<Element> attrs = children(m, "MessageAttribute");
        assertEquals(List.of("s", "b", "t"), attrs.stream().map(a -> text(child(a, "Name"))).toList());
        Element sv = child(attrs.get(0), "Value");
        assertEquals(List.of("StringValue", "DataType"), childNames(sv));
        assertEquals("x y", text(child(sv, "StringValue")));
        assertEquals("String", text(child(sv, "DataType")));
        Element bv = child(attrs.get(1), "Value");
        assertEquals(List.of("BinaryValue", "DataType"), childNames(bv));
        assertArrayEquals(BINARY, Base64.getDecoder().decode(text(child(bv, "BinaryValue"))));
        assertEquals(TRICKY, text(child(child(attrs.get(2), "Value"), "StringValue")));
        assertEquals(List.of("MessageId", "ReceiptHandle", "MD5OfBody", "Body"), childNames(messages.get(1)));
        assertEquals("", text(child(messages.get(1), "Body")));
    }

    @Test
    void xmlMoveTasks() throws Exception {
        Element s = result(query.encode("StartMessageMoveTask", new SqsResult.StartMessageMoveTask("th"), RID), "StartMessageMoveTask");
        assertEquals("th", text(child(s, "TaskHandle")));
        Element c = result(query.encode("CancelMessageMoveTask", new SqsResult.CancelMessageMoveTask(42), RID), "CancelMessageMoveTask");
        assertEquals("42", text(child(c, "ApproximateNumberOfMessagesMoved")));
        Element l = result(query.encode("ListMessageMoveTasks", new SqsResult.ListMessageMoveTasks(List.of(
                new SqsResult.MoveTask("th", "RUNNING", "src", "dst", 10, 5, 100L, null, 1700000000000L))), RID),
                "ListMessageMoveTasks");
        Element e = child(l, "ListMessageMoveTasksResultEntry");
        assertEquals(List.of("TaskHandle", "Status", "SourceArn", "DestinationArn", "MaxNumberOfMessagesPerSecond",
                "ApproximateNumberOfMessagesMoved", "ApproximateNumberOfMessagesToMove", "StartedTimestamp"), childNames(e));
        assertEquals("1700000000000", text(child(e, "StartedTimestamp")));
    }

    @Test
    void xmlErrors() throws Exception {
        WireResponse r = query.encodeError(SqsException.queueDoesNotExist(), RID);
        assertEquals(400, r.status());
        assertEquals("text/xml", r.headers().get("Content-Type"));
        Element root = xml(r);
        assertEquals("ErrorResponse", root.getLocalName());
        assertEquals(NS, root.getNamespaceURI());
        assertEquals(List.of("Error", "RequestId"), childNames(root));
        Element error = child(root, "Error");
        assertEquals(List.of("Type", "Code", "Message", "Detail"), childNames(error));
        assertEquals("Sender", text(child(error, "Type")));
        assertEquals("AWS.SimpleQueueService.NonExistentQueue", text(child(error, "Code")));
        assertEquals("The specified queue does not exist.", text(child(error, "Message")));
        assertEquals(RID, text(child(root, "RequestId")));

        Element internal = child(xml(query.encodeError(SqsError.INTERNAL_FAILURE.error(TRICKY), RID)), "Error");
        assertEquals("Receiver", text(child(internal, "Type")));
        assertEquals(TRICKY, text(child(internal, "Message")));
        assertEquals(404, query.encodeError(SqsError.RECEIPT_HANDLE_IS_INVALID.error("x"), RID).status());
    }

    @Test
    void charactersXmlCannotCarryAreReplacedAndTheDocumentStaysWellFormed() throws Exception {
        String bad = "a\u0000b\u0008c\uFFFEd\uD800e\uDC00f\uFFFF";
        Element r = result(query.encode("GetQueueUrl", new SqsResult.QueueUrl(bad), RID), "GetQueueUrl");
        assertEquals("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD", text(child(r, "QueueUrl")));
    }

    // ---------------------------------------------------------------- fixtures and helpers

    static SqsResult.ReceivedMessage message() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("ApproximateReceiveCount", "3");
        attributes.put("SentTimestamp", "1700000000000");
        Map<String, MessageAttributeValue> ma = new LinkedHashMap<>();
        ma.put("s", MessageAttributeValue.string("x y"));
        ma.put("b", MessageAttributeValue.ofType("Binary.gzip", null, BINARY));
        ma.put("t", MessageAttributeValue.string(TRICKY));
        return new SqsResult.ReceivedMessage("mid", "rh", "md5", TRICKY, attributes, "mattr", ma);
    }

    static SqsResult.ReceivedMessage bareMessage() {
        return new SqsResult.ReceivedMessage("m2", "rh2", "x", "", Map.of(), null, Map.of());
    }

    private JsonNode parse(WireResponse r) throws Exception {
        return mapper.readTree(r.body());
    }

    private static String text(WireResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static Element xml(WireResponse r) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        Document d = b.parse(new ByteArrayInputStream(r.body()));
        return d.getDocumentElement();
    }

    private static Element result(WireResponse r, String op) throws Exception {
        Element root = xml(r);
        assertEquals(op + "Response", root.getLocalName());
        assertEquals(NS, root.getNamespaceURI());
        assertEquals(List.of(op + "Result", "ResponseMetadata"), childNames(root));
        return child(root, op + "Result");
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(name)) {
                assertEquals(NS, e.getNamespaceURI());
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        assertEquals(1, c.size(), name);
        return c.get(0);
    }

    private static List<String> childNames(Element parent) {
        List<String> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e.getLocalName());
            } else {
                assertTrue(n.getNodeType() == Node.TEXT_NODE && n.getTextContent().isBlank(), "stray content");
            }
        }
        return out;
    }

    private static String text(Element e) {
        return e.getTextContent();
    }

    private static Map<String, String> pairs(Element parent, String entry, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element e : children(parent, entry)) {
            assertEquals(List.of(key, value), childNames(e));
            out.put(text(child(e, key)), text(child(e, value)));
        }
        return out;
    }
}
