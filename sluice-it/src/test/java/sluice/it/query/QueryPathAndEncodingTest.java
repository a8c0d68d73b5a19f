package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import software.amazon.awssdk.http.SdkHttpRequest;
import sluice.it.query.MessageMd5.Attr;
import sluice.testkit.SluiceTestServer;

/**
 * The queue URL given as the request path ({@code POST /000000000000/<queue>} without a QueueUrl
 * parameter), and message text that XML and form encoding make hard: CR/LF, markup characters,
 * tabs, unicode and emoji must come back byte for byte (the test's XML parser would fold a raw
 * CR into LF, so the server has to escape it).
 */
class QueryPathAndEncodingTest extends QueryServerBase {
    private static String path(String name) {
        return "/" + SluiceTestServer.ACCOUNT + "/" + name;
    }

    @Test
    void sendReceiveAndDeleteWithTheQueueUrlInThePath() {
        String name = Queues.uniqueName("qpath-msg");
        String url = queues.createNamed(name, Map.of());

        QueryResponse sent = sqs.post(path(name), Form.action("SendMessage").add("MessageBody", "via path"));
        String id = sent.resultText("SendMessage", "MessageId");

        QueryResponse received = sqs.post(path(name), Form.action("ReceiveMessage").add("WaitTimeSeconds", 5));
        List<Element> messages = received.resultList("ReceiveMessage", "Message");
        assertEquals(1, messages.size(), received::toString);
        assertEquals(id, QueryResponse.text(messages.get(0), "MessageId"));
        assertEquals("via path", QueryResponse.text(messages.get(0), "Body"));

        sqs.post(path(name), Form.action("DeleteMessage")
                .add("ReceiptHandle", QueryResponse.text(messages.get(0), "ReceiptHandle"))).ok("DeleteMessage");
        queues.assertEmpty(url);
    }

    @Test
    void getQueueAttributesWithTheQueueUrlInThePath() {
        String name = Queues.uniqueName("qpath-attr");
        queues.createNamed(name, Map.of("VisibilityTimeout", "77"));
        QueryResponse r = sqs.post(path(name), Form.action("GetQueueAttributes").list("AttributeName", "VisibilityTimeout", "QueueArn"));
        assertEquals(Map.of("VisibilityTimeout", "77", "QueueArn", "arn:aws:sqs:us-east-1:" + SluiceTestServer.ACCOUNT + ":" + name),
                r.resultMap("GetQueueAttributes", "Attribute", "Name", "Value"));
    }

    @Test
    void sendMessageBatchWithTheQueueUrlInThePath() {
        String name = Queues.uniqueName("qpath-batch");
        String url = queues.createNamed(name, Map.of());
        QueryResponse r = sqs.post(path(name), Form.action("SendMessageBatch")
                .add("SendMessageBatchRequestEntry.1.Id", "a").add("SendMessageBatchRequestEntry.1.MessageBody", "one")
                .add("SendMessageBatchRequestEntry.2.Id", "b").add("SendMessageBatchRequestEntry.2.MessageBody", "two"));
        assertEquals(2, r.resultList("SendMessageBatch", "SendMessageBatchResultEntry").size(), r::toString);
        assertEquals("2", queues.attributes(url, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
    }

    @Test
    void aQueueUrlWithAnotherHostNameNamesTheSameQueue() {
        String name = Queues.uniqueName("qpath-host");
        String url = queues.createNamed(name, Map.of());
        String viaLocalhost = "http://localhost:" + server.port() + path(name);
        sqs.call(Form.action("SendMessage").add("QueueUrl", viaLocalhost).add("MessageBody", "x")).ok("SendMessage");
        assertEquals("1", queues.attributes(url, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
    }

    @Test
    void aPathNamingAMissingQueueIsNonExistentQueue() {
        sqs.post(path(Queues.uniqueName("qpath-none")), Form.action("SendMessage").add("MessageBody", "x"))
                .error(400, "AWS.SimpleQueueService.NonExistentQueue");
    }

    static Stream<Arguments> awkwardBodies() {
        return Stream.of(
                Arguments.of("crlf", "line one\r\nline two\r\n"),
                Arguments.of("lone-cr-and-lf", "a\rb\nc\r\r\nd"),
                Arguments.of("markup", "<tag attr=\"v\">&amp; <&>\"' ]]> </tag>"),
                Arguments.of("tabs", "\tcol1\tcol2\t"),
                Arguments.of("spaces", "  padded both sides  "),
                Arguments.of("only-whitespace", " \t\r\n "),
                Arguments.of("unicode", "é ü ß Ω 中文 Ελληνικά עברית"),
                Arguments.of("emoji", "😀🎉 👩‍👩‍👧 flags 🇳🇴"),
                Arguments.of("form-specials", "a+b=c&d%20e?f#g/h;i"),
                Arguments.of("json", "{\"k\":[1,2.5,null],\"s\":\"q\\\"uote\\\\\"}"),
                Arguments.of("edge-code-points", "\uE000 private use, \uFFFD replacement, \uDBFF\uDFFF last, \uD800\uDC00 first astral"),
                Arguments.of("long", ("mixed <&> ünï 😀 \r\n").repeat(5000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardBodies")
    void bodiesComeBackByteForByte(String label, String body) {
        String url = queues.create("qenc-" + label);
        QueryResponse sent = sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", body));
        assertEquals(MessageMd5.ofBody(body), sent.resultText("SendMessage", "MD5OfMessageBody"),
                "the server decoded other bytes than were sent");

        Element m = queues.receiveOne(url);
        String got = QueryResponse.text(m, "Body");
        assertEquals(body, got, "body changed on the way through XML");
        assertEquals(MessageMd5.ofBody(body), QueryResponse.text(m, "MD5OfBody"));
    }

    @Test
    void attributeValuesComeBackByteForByte() {
        String url = queues.create("qenc-attr");
        Map<String, Attr> attrs = new HashMap<>();
        attrs.put("crlf", Attr.string("String", "x\r\ny\rz"));
        attrs.put("markup", Attr.string("String.xml", "<a href=\"&\">'</a>"));
        attrs.put("emoji", Attr.string("String", "😀\tü"));
        Form form = Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "b").messageAttributes("", attrs);
        assertEquals(MessageMd5.ofAttributes(attrs), sqs.call(form).resultText("SendMessage", "MD5OfMessageAttributes"));

        Element m = queues.receiveOne(url, Form.empty().add("MessageAttributeName.1", "All"));
        Map<String, String> got = new HashMap<>();
        for (Element a : QueryResponse.children(m, "MessageAttribute")) {
            got.put(QueryResponse.text(a, "Name"), QueryResponse.text(QueryResponse.child(a, "Value"), "StringValue"));
        }
        Map<String, String> expected = new HashMap<>();
        attrs.forEach((k, v) -> expected.put(k, v.stringValue()));
        assertEquals(expected, got);
        assertEquals(MessageMd5.ofAttributes(attrs), QueryResponse.text(m, "MD5OfMessageAttributes"));
    }

    @Test
    void aFormBodyWithPlusForSpaceDecodesAsBrowsersAndOlderSdksEncodeIt() {
        String url = queues.create("qenc-plus");
        String body = "a b+c&d=e ü";
        String encoded = "Action=SendMessage&Version=2012-11-05&QueueUrl=" + URLEncoder.encode(url, StandardCharsets.UTF_8)
                + "&MessageBody=" + URLEncoder.encode(body, StandardCharsets.UTF_8);
        byte[] bytes = encoded.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest signed = sqs.sign(sqs.post("/"), bytes);
        QueryResponse r = sqs.send(signed, bytes);
        assertEquals(MessageMd5.ofBody(body), r.resultText("SendMessage", "MD5OfMessageBody"));
        assertEquals(body, QueryResponse.text(queues.receiveOne(url), "Body"));
    }

    @Test
    void aFormBodyWithoutCharsetInTheContentTypeIsUtf8() {
        String url = queues.create("qenc-nocharset");
        String body = "ünïcödé 😀";
        byte[] bytes = Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", body).bytes();
        SdkHttpRequest request = sqs.post("/").toBuilder()
                .putHeader("Content-Type", "application/x-www-form-urlencoded").build();
        QueryResponse r = sqs.send(sqs.sign(request, bytes), bytes);
        assertEquals(MessageMd5.ofBody(body), r.resultText("SendMessage", "MD5OfMessageBody"));
        String got = QueryResponse.text(queues.receiveOne(url), "Body");
        assertNotNull(got);
        assertEquals(body, got);
    }
}
