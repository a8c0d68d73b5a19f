package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectError;
import static sluice.it.sqs.SqsClients.expectInvalidParameter;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import sluice.common.ManualClock;
import sluice.testkit.SluiceTestServer;

/**
 * SendMessage and ReceiveMessage: bodies, message and system attributes (the SDK checks every MD5
 * it is sent, so a successful call proves the digests), AWS's limits and delays.
 */
class SqsSendReceiveTest extends SqsServerBase {
    private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final byte[] GIF = {'G', 'I', 'F', '8', '9', 'a', 0, 1, (byte) 0xff, 0x7f};

    private static MessageAttributeValue string(String type, String value) {
        return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
    }

    private static MessageAttributeValue binary(String type, byte[] value) {
        return MessageAttributeValue.builder().dataType(type).binaryValue(SdkBytes.fromByteArray(value)).build();
    }

    private static Map<String, MessageAttributeValue> typedAttributes() {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("text", string("String", "héllo wörld"));
        attributes.put("count", string("Number", "42"));
        attributes.put("ratio", string("Number.float", "-3.25e-2"));
        attributes.put("image", binary("Binary.gif", GIF));
        attributes.put("raw", binary("Binary", new byte[] {0, 1, 2, 3}));
        attributes.put("label", string("String.custom-type", "tagged"));
        return attributes;
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Message receiveOne(String url) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages();
        assertEquals(1, messages.size());
        return messages.get(0);
    }

    @Test
    void typedAndCustomTypedAttributesRoundTrip() {
        String url = createQueue(sqs, uniqueName("typed"));
        String body = "body with ünïcödé 😀 and\ttab\nnewline\r";
        SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(typedAttributes()));
        assertEquals(md5(body), sent.md5OfMessageBody());
        assertNotNull(sent.md5OfMessageAttributes());
        assertNotNull(sent.messageId());

        Message m = sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("All")).messages().get(0);
        assertEquals(sent.messageId(), m.messageId());
        assertEquals(body, m.body());
        assertEquals(md5(body), m.md5OfBody());
        assertEquals(sent.md5OfMessageAttributes(), m.md5OfMessageAttributes());
        Map<String, MessageAttributeValue> got = m.messageAttributes();
        assertEquals(typedAttributes().keySet(), got.keySet());
        assertEquals("héllo wörld", got.get("text").stringValue());
        assertEquals("Number.float", got.get("ratio").dataType());
        assertEquals("-3.25e-2", got.get("ratio").stringValue());
        assertEquals("Binary.gif", got.get("image").dataType());
        assertArrayEquals(GIF, got.get("image").binaryValue().asByteArray());
        assertEquals("String.custom-type", got.get("label").dataType());
    }

    @Test
    void awsTraceHeaderIsASystemAttribute() {
        String url = createQueue(sqs, uniqueName("trace"));
        SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody("traced")
                .messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                        MessageSystemAttributeValue.builder().dataType("String").stringValue(TRACE).build())));
        assertNotNull(sent.md5OfMessageSystemAttributes());
        assertNull(sent.md5OfMessageAttributes(), "no message attributes, no digest of them");

        Message m = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER)).messages().get(0);
        assertEquals(Map.of(MessageSystemAttributeName.AWS_TRACE_HEADER, TRACE), m.attributes());
        assertTrue(m.messageAttributes().isEmpty(), "a system attribute is not a message attribute");
        Message plain = sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0);
        assertTrue(plain.attributes().isEmpty(), "system attributes only when asked for");

        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")
                .messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                        MessageSystemAttributeValue.builder().dataType("Number").stringValue("1").build()))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "bad \u0001 char", "\u001f", "\u0008", "\uffff", "\ufffe"})
    void bodiesWithCharactersOutsideTheAllowedSetAreRejected(String body) {
        String url = createQueue(sqs, uniqueName("chars"));
        expectError(InvalidMessageContentsException.class, "InvalidMessageContents", 400,
                () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)));
        assertEquals("0", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void aOneMebibyteBodyIsAcceptedAndOneByteMoreIsNot() {
        String url = createQueue(sqs, uniqueName("mib"));
        String body = "a".repeat(1_048_576);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(body + "b")));
        Message m = receiveOne(url);
        assertEquals(1_048_576, m.body().length());
        assertEquals(md5(body), m.md5OfBody());
    }

    @Test
    void maximumMessageSizeCountsUtf8BytesAndAttributes() {
        String url = createQueue(sqs, uniqueName("max"), Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("é".repeat(512)));
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("é".repeat(512) + "a")));
        // 1000 body bytes + "a" + "String" + 20 value bytes = 1027 bytes
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(1000))
                .messageAttributes(Map.of("a", string("String", "v".repeat(20))))));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(1000))
                .messageAttributes(Map.of("a", string("String", "v".repeat(17)))));
        assertEquals("2", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void invalidMessageAttributesAreRejected() {
        String url = createQueue(sqs, uniqueName("bad-attrs"));
        Map<String, MessageAttributeValue> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("a" + i, string("String", "v"));
        }
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").messageAttributes(eleven)));
        eleven.remove("a10");
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("ten attributes").messageAttributes(eleven));

        for (Map<String, MessageAttributeValue> bad : List.of(
                Map.of("t", string("Integer", "1")),
                Map.of("t", string("", "1")),
                Map.of("t", string("String", "")),
                Map.of("t", string("Number", "not a number")),
                Map.of("t", binary("Binary", new byte[0])),
                Map.of("AWS.reserved", string("String", "v")),
                Map.of("bad name!", string("String", "v")),
                Map.of(".leading", string("String", "v")))) {
            expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").messageAttributes(bad)));
        }
        assertEquals("1", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void delaySecondsOutOfRangeIsRejected() {
        String url = createQueue(sqs, uniqueName("delay-range"));
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").delaySeconds(901)));
        expectInvalidParameter(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").delaySeconds(-1)));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").delaySeconds(900));
        assertEquals("1", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    @Test
    void receiveReturnsUpToMaxNumberOfMessages() {
        String url = createQueue(sqs, uniqueName("many"));
        for (int i = 0; i < 10; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("m" + n));
        }
        List<Message> three = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(3).waitTimeSeconds(1)).messages();
        assertTrue(three.size() >= 1 && three.size() <= 3, "got " + three.size());
        Set<String> bodies = new HashSet<>();
        three.forEach(m -> bodies.add(m.body()));
        int largest = 0;
        for (int attempt = 0; attempt < 20 && bodies.size() < 10; attempt++) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            largest = Math.max(largest, batch.size());
            batch.forEach(m -> assertTrue(bodies.add(m.body()), "received twice while invisible: " + m.body()));
        }
        assertEquals(10, bodies.size());
        assertTrue(largest > 1, "a receive for ten returned more than one message");
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 11, -1})
    void maxNumberOfMessagesOutOfRangeIsRejected(int max) {
        String url = createQueue(sqs, uniqueName("max-range"));
        expectInvalidParameter(() -> sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max)));
    }

    @Test
    void messageAttributeNamesSelectWhatIsReturned() {
        String url = createQueue(sqs, uniqueName("select"));
        Map<String, MessageAttributeValue> attributes = Map.of("color", string("String", "red"),
                "shape.size", string("Number", "3"), "shape.name", string("String", "square"),
                "weight", binary("Binary", new byte[] {9}));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("attributed").messageAttributes(attributes));

        assertEquals(attributes.keySet(), receiveSelecting(url, "All").keySet());
        assertEquals(attributes.keySet(), receiveSelecting(url, ".*").keySet());
        assertEquals(Set.of("color"), receiveSelecting(url, "color").keySet());
        assertEquals(Set.of("color", "weight"), receiveSelecting(url, "color", "weight").keySet());
        assertEquals(Set.of("shape.size", "shape.name"), receiveSelecting(url, "shape.*").keySet());
        assertEquals(Set.of(), receiveSelecting(url, "nothing").keySet());
        assertEquals(Set.of(), receiveSelecting(url).keySet());
        assertEquals("square", receiveSelecting(url, "shape.*").get("shape.name").stringValue());
    }

    /** Receives the message without hiding it, returning the message attributes it came with. */
    private static Map<String, MessageAttributeValue> receiveSelecting(String url, String... names) {
        Message m = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0).waitTimeSeconds(1)
                .messageAttributeNames(names)).messages().get(0);
        if (m.messageAttributes().isEmpty()) {
            assertNull(m.md5OfMessageAttributes(), "no attributes returned, no digest");
        }
        return m.messageAttributes();
    }

    @Test
    void systemAttributesDescribeEachReceive() {
        String url = createQueue(sqs, uniqueName("system"));
        long before = System.currentTimeMillis();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("tracked")
                .messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                        MessageSystemAttributeValue.builder().dataType("String").stringValue(TRACE).build())));
        long after = System.currentTimeMillis();

        Map<MessageSystemAttributeName, String> first = receiveSystem(url, MessageSystemAttributeName.ALL);
        long sent = Long.parseLong(first.get(MessageSystemAttributeName.SENT_TIMESTAMP));
        assertTrue(sent >= before && sent <= after, "SentTimestamp is epoch milliseconds: " + sent);
        assertEquals("1", first.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        long firstReceive = Long.parseLong(first.get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP));
        assertTrue(firstReceive >= sent, "first received after it was sent");
        assertFalse(first.get(MessageSystemAttributeName.SENDER_ID).isBlank());
        assertEquals(TRACE, first.get(MessageSystemAttributeName.AWS_TRACE_HEADER));

        Map<MessageSystemAttributeName, String> second = receiveSystem(url, MessageSystemAttributeName.ALL);
        assertEquals("2", second.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertEquals(Long.toString(firstReceive), second.get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP));
        assertEquals(Long.toString(sent), second.get(MessageSystemAttributeName.SENT_TIMESTAMP));

        Map<MessageSystemAttributeName, String> some = receiveSystem(url, MessageSystemAttributeName.SENT_TIMESTAMP,
                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        assertEquals(Map.of(MessageSystemAttributeName.SENT_TIMESTAMP, Long.toString(sent),
                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "3"), some);
        assertEquals(Map.of(), receiveSystem(url));
    }

    private static Map<MessageSystemAttributeName, String> receiveSystem(String url, MessageSystemAttributeName... names) {
        return sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0).waitTimeSeconds(1)
                .messageSystemAttributeNames(names)).messages().get(0).attributes();
    }

    @Test
    @SuppressWarnings("deprecation")
    void theOlderAttributeNamesParameterStillSelectsSystemAttributes() {
        String url = createQueue(sqs, uniqueName("legacy-names"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("old style"));
        Message m = sqs.receiveMessage(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).messages().get(0);
        assertEquals("1", m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        assertNotNull(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP));
    }

    @Test
    void queueDelayHoldsMessagesBack() {
        String url = createQueue(sqs, uniqueName("queue-delay"), Map.of(QueueAttributeName.DELAY_SECONDS, "2"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later"));
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url)).messages().isEmpty(), "not before its delay");
        assertEquals("1", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        assertEquals("later", receiveEventually(url).body());
    }

    @Test
    void perMessageDelayHoldsThatMessageBack() {
        String url = createQueue(sqs, uniqueName("msg-delay"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(2));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("now"));
        List<Message> first = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
        assertEquals(List.of("now"), first.stream().map(Message::body).toList());
        assertEquals("later", receiveEventually(url).body());
    }

    @Test
    void aPerMessageDelayOfZeroOverridesTheQueueDelay() {
        String url = createQueue(sqs, uniqueName("no-delay"), Map.of(QueueAttributeName.DELAY_SECONDS, "600"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("at once").delaySeconds(0));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("queue delay"));
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertEquals(List.of("at once"), got.stream().map(Message::body).toList());
    }

    @Test
    void messagesOlderThanTheRetentionPeriodAreDeleted() {
        ManualClock clock = new ManualClock(System.currentTimeMillis());
        try (SluiceTestServer timed = SluiceTestServer.start(c -> c, clock);
             SqsClient client = SqsClients.sync(timed.endpoint(), clock::millis)) {
            String url = createQueue(client, uniqueName("retention"), Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60"));
            client.sendMessage(b -> b.queueUrl(url).messageBody("old"));
            clock.advance(Duration.ofSeconds(30));
            client.sendMessage(b -> b.queueUrl(url).messageBody("young"));
            clock.advance(Duration.ofSeconds(31));
            SqsClients.await(Duration.ofSeconds(15), "the old message expires",
                    () -> SqsClients.attribute(client, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES).equals("1"));
            List<Message> left = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
            assertEquals(List.of("young"), left.stream().map(Message::body).toList());
        }
    }

    private static Message receiveEventually(String url) {
        AtomicReference<Message> got = new AtomicReference<>();
        SqsClients.await(Duration.ofSeconds(15), "the delayed message arrives", () -> {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages();
            messages.stream().findFirst().ifPresent(got::set);
            return got.get() != null;
        });
        return got.get();
    }
}
