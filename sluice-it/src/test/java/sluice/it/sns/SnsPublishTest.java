package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.createQueue;
import static sluice.it.sns.SnsClients.drain;
import static sluice.it.sns.SnsClients.expectError;
import static sluice.it.sns.SnsClients.subscribeQueue;
import static sluice.it.sns.SnsClients.topicArn;
import static sluice.it.sns.SnsClients.uniqueName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sns.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sns.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.TooManyEntriesInBatchRequestException;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Publish and PublishBatch, and their fan-out to SQS: the notification envelope exactly as AWS
 * writes it, its signature verified independently (certificate fetched from SigningCertURL,
 * java.security.Signature over the documented string to sign), raw delivery, per-protocol messages
 * and AWS's validation errors.
 */
class SnsPublishTest extends SnsServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A topic with one queue subscribed (with these subscription attributes); returns [topicArn, queueUrl]. */
    private static String[] topicWithQueue(String prefix, Map<String, String> subscriptionAttributes) {
        String topic = sns.createTopic(b -> b.name(uniqueName(prefix))).topicArn();
        String queue = uniqueName(prefix + "-q");
        String url = createQueue(sqs, queue);
        subscribeQueue(sns, topic, queue, subscriptionAttributes);
        return new String[] {topic, url};
    }

    @Test
    void theEnvelopeHasAwssShapeAndASignatureThatVerifies() throws Exception {
        String[] t = topicWithQueue("envelope", Map.of());
        Instant before = Instant.now().minusSeconds(1);
        String messageId = sns.publish(b -> b.topicArn(t[0]).message("hello \"world\"\n").subject("Greetings")
                .messageAttributes(Map.of(
                        "color", MessageAttributeValue.builder().dataType("String").stringValue("red").build(),
                        "price", MessageAttributeValue.builder().dataType("Number").stringValue("9.5").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(new byte[] {1, 2})).build(),
                        "tags", MessageAttributeValue.builder().dataType("String.Array").stringValue("[\"a\",1]").build())))
                .messageId();
        List<Message> received = drain(sqs, t[1]);
        assertEquals(1, received.size());
        String body = received.get(0).body();
        JsonNode envelope = JSON.readTree(body);
        List<String> names = new ArrayList<>();
        envelope.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion",
                "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"), names);
        assertTrue(body.startsWith("{\n  \"Type\" : \"Notification\",\n  \"MessageId\" : \""), body);
        assertEquals("Notification", envelope.get("Type").asText());
        assertEquals(messageId, envelope.get("MessageId").asText());
        assertEquals(t[0], envelope.get("TopicArn").asText());
        assertEquals("Greetings", envelope.get("Subject").asText());
        assertEquals("hello \"world\"\n", envelope.get("Message").asText());
        String timestamp = envelope.get("Timestamp").asText();
        assertTrue(timestamp.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), timestamp);
        Instant at = Instant.parse(timestamp);
        assertTrue(!at.isBefore(before) && !at.isAfter(Instant.now().plusSeconds(1)), timestamp);
        assertEquals("1", envelope.get("SignatureVersion").asText());
        String certUrl = envelope.get("SigningCertURL").asText();
        assertTrue(certUrl.startsWith(server.endpoint() + "/_sluice/sns/SimpleNotificationService-") && certUrl.endsWith(".pem"),
                certUrl);
        String subscription = sns.listSubscriptionsByTopic(b -> b.topicArn(t[0])).subscriptions().get(0).subscriptionArn();
        assertEquals(server.endpoint() + "/?Action=Unsubscribe&SubscriptionArn=" + subscription,
                envelope.get("UnsubscribeURL").asText());
        JsonNode attributes = envelope.get("MessageAttributes");
        assertEquals("{\"Type\":\"String\",\"Value\":\"red\"}", attributes.get("color").toString());
        assertEquals("{\"Type\":\"Number\",\"Value\":\"9.5\"}", attributes.get("price").toString());
        assertEquals("{\"Type\":\"Binary\",\"Value\":\"AQI=\"}", attributes.get("blob").toString());
        assertEquals("{\"Type\":\"String.Array\",\"Value\":\"[\\\"a\\\",1]\"}", attributes.get("tags").toString());
        assertTrue(received.get(0).messageAttributes().isEmpty(), "non-raw deliveries carry no SQS attributes");
        verifySignature(envelope, "SHA1withRSA");
    }

    @Test
    void signatureVersionTwoIsSha256AndSubjectIsLeftOutWhenNotGiven() throws Exception {
        String[] t = topicWithQueue("sigv2", Map.of());
        sns.setTopicAttributes(b -> b.topicArn(t[0]).attributeName("SignatureVersion").attributeValue("2"));
        sns.publish(b -> b.topicArn(t[0]).message("{\"order\":42}"));
        JsonNode envelope = JSON.readTree(drain(sqs, t[1]).get(0).body());
        assertFalse(envelope.has("Subject"));
        assertFalse(envelope.has("MessageAttributes"));
        assertEquals("{\"order\":42}", envelope.get("Message").asText());
        assertEquals("2", envelope.get("SignatureVersion").asText());
        verifySignature(envelope, "SHA256withRSA");
    }

    /** Fetches the certificate from SigningCertURL and verifies the signature over AWS's string to sign. */
    private static void verifySignature(JsonNode envelope, String algorithm) throws Exception {
        HttpResponse<byte[]> response;
        try (HttpClient http = HttpClient.newHttpClient()) {
            response = http.send(HttpRequest.newBuilder(URI.create(envelope.get("SigningCertURL").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
        assertEquals(200, response.statusCode());
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(response.body()));
        StringBuilder toSign = new StringBuilder();
        for (String name : List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")) {
            if (envelope.has(name)) {
                toSign.append(name).append('\n').append(envelope.get(name).asText()).append('\n');
            }
        }
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(toSign.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(Base64.getDecoder().decode(envelope.get("Signature").asText())), "signature verifies");
        Signature tampered = Signature.getInstance(algorithm);
        tampered.initVerify(certificate.getPublicKey());
        tampered.update(toSign.toString().replace("Type\nNotification", "Type\nNotificatio").getBytes(StandardCharsets.UTF_8));
        assertFalse(tampered.verify(Base64.getDecoder().decode(envelope.get("Signature").asText())));
    }

    @Test
    void rawDeliveryCarriesTheBodyAndTheAttributesAsSqsAttributes() {
        String[] t = topicWithQueue("raw", Map.of("RawMessageDelivery", "true"));
        sns.publish(b -> b.topicArn(t[0]).message("just the body").subject("ignored")
                .messageAttributes(Map.of(
                        "color", MessageAttributeValue.builder().dataType("String").stringValue("red").build(),
                        "n", MessageAttributeValue.builder().dataType("Number.int").stringValue("7").build(),
                        "bin", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(new byte[] {9})).build(),
                        "list", MessageAttributeValue.builder().dataType("String.Array").stringValue("[\"x\"]").build())));
        Message m = drain(sqs, t[1]).get(0);
        assertEquals("just the body", m.body());
        Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> a = m.messageAttributes();
        assertEquals("red", a.get("color").stringValue());
        assertEquals("String", a.get("color").dataType());
        assertEquals("Number.int", a.get("n").dataType());
        assertEquals("7", a.get("n").stringValue());
        assertArrayEquals(new byte[] {9}, a.get("bin").binaryValue().asByteArray());
        assertEquals("String.Array", a.get("list").dataType());
        assertEquals("[\"x\"]", a.get("list").stringValue());
    }

    @Test
    void messageStructureJsonDeliversTheSqsKeyOrTheDefault() throws Exception {
        String[] withSqs = topicWithQueue("structured", Map.of());
        sns.publish(b -> b.topicArn(withSqs[0]).messageStructure("json")
                .message("{\"default\":\"for everyone\",\"sqs\":\"for queues\",\"email\":\"for people\"}"));
        assertEquals("for queues", JSON.readTree(drain(sqs, withSqs[1]).get(0).body()).get("Message").asText());
        String[] raw = topicWithQueue("structured-raw", Map.of("RawMessageDelivery", "true"));
        sns.publish(b -> b.topicArn(raw[0]).messageStructure("json").message("{\"default\":\"fallback\",\"http\":\"web\"}"));
        assertEquals("fallback", drain(sqs, raw[1]).get(0).body());
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Message Structure - No default entry in JSON message body",
                () -> sns.publish(b -> b.topicArn(raw[0]).messageStructure("json").message("{\"sqs\":\"x\"}")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Message Structure - JSON message body failed to parse",
                () -> sns.publish(b -> b.topicArn(raw[0]).messageStructure("json").message("not json")));
    }

    @Test
    void targetArnPublishesToATopicToo() {
        String[] t = topicWithQueue("target", Map.of("RawMessageDelivery", "true"));
        sns.publish(b -> b.targetArn(t[0]).message("via target"));
        assertEquals("via target", drain(sqs, t[1]).get(0).body());
    }

    @Test
    void everySubscribedQueueGetsItsCopyAndUnsubscribedOnesNone() {
        String topic = sns.createTopic(b -> b.name(uniqueName("fan"))).topicArn();
        List<String> urls = new ArrayList<>();
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String queue = uniqueName("fan-q");
            urls.add(createQueue(sqs, queue));
            subscriptions.add(subscribeQueue(sns, topic, queue, Map.of("RawMessageDelivery", "true")));
        }
        sns.unsubscribe(b -> b.subscriptionArn(subscriptions.get(2)));
        sns.publish(b -> b.topicArn(topic).message("m1"));
        assertEquals("m1", drain(sqs, urls.get(0)).get(0).body());
        assertEquals("m1", drain(sqs, urls.get(1)).get(0).body());
        assertTrue(drain(sqs, urls.get(2)).isEmpty());
    }

    @Test
    void aSubscribedQueueThatNoLongerExistsDoesNotFailThePublish() {
        String topic = sns.createTopic(b -> b.name(uniqueName("lost"))).topicArn();
        subscribeQueue(sns, topic, uniqueName("never-created"), Map.of());
        String[] ok = {topic, createQueue(sqs, uniqueName("lost-ok"))};
        subscribeQueue(sns, topic, ok[1].substring(ok[1].lastIndexOf('/') + 1), Map.of("RawMessageDelivery", "true"));
        assertTrue(sns.publish(b -> b.topicArn(topic).message("still delivered")).messageId() != null);
        assertEquals("still delivered", drain(sqs, ok[1]).get(0).body());
    }

    @Test
    void publishValidatesAsAwsDoes() {
        String topic = sns.createTopic(b -> b.name(uniqueName("checks"))).topicArn();
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: Empty message",
                () -> sns.publish(b -> b.topicArn(topic).message("")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: Subject",
                () -> sns.publish(b -> b.topicArn(topic).message("m").subject("")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: Subject",
                () -> sns.publish(b -> b.topicArn(topic).message("m").subject("line\nbreak")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400, "Invalid parameter: Message too long",
                () -> sns.publish(b -> b.topicArn(topic).message("x".repeat(262_145))));
        sns.publish(b -> b.topicArn(topic).message("x".repeat(262_144)));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter",
                () -> sns.publish(b -> b.message("m")));
        expectError(NotFoundException.class, "NotFound", 404, "Topic does not exist",
                () -> sns.publish(b -> b.topicArn(topicArn(uniqueName("none"))).message("m")));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter "
                        + "that is not valid for this topic type",
                () -> sns.publish(b -> b.topicArn(topic).message("m").messageDeduplicationId("d")));
    }

    @Test
    void messageAttributesAreValidated() {
        String topic = sns.createTopic(b -> b.name(uniqueName("attrs"))).topicArn();
        expectError(InvalidParameterValueException.class, "ParameterValueInvalid", 400,
                "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes "
                        + "is Binary, Number, and String.",
                () -> publishWith(topic, Map.of("a", attr("Date", "today"))));
        expectError(InvalidParameterValueException.class, "ParameterValueInvalid", 400,
                "Could not cast message attribute 'n' value to number.",
                () -> publishWith(topic, Map.of("n", attr("Number", "twelve"))));
        expectError(InvalidParameterValueException.class, "ParameterValueInvalid", 400,
                "The message attribute 'e' must contain non-empty message attribute value for message attribute type 'String'.",
                () -> publishWith(topic, Map.of("e", attr("String", ""))));
        expectError(InvalidParameterValueException.class, "ParameterValueInvalid", 400,
                "Invalid message attribute name starting with character '.' was found.",
                () -> publishWith(topic, Map.of(".dot", attr("String", "v"))));
        expectError(InvalidParameterValueException.class, "ParameterValueInvalid", 400,
                () -> publishWith(topic, Map.of("arr", attr("String.Array", "not an array"))));
        Map<String, MessageAttributeValue> eleven = new java.util.HashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("a" + i, attr("String", "v"));
        }
        expectError(InvalidParameterValueException.class, "ParameterValueInvalid", 400,
                "Number of message attributes [11] exceeds the allowed maximum [10].", () -> publishWith(topic, eleven));
        eleven.remove("a10");
        publishWith(topic, eleven);
    }

    private static void publishWith(String topic, Map<String, MessageAttributeValue> attributes) {
        sns.publish(b -> b.topicArn(topic).message("m").messageAttributes(attributes));
    }

    private static MessageAttributeValue attr(String type, String value) {
        return MessageAttributeValue.builder().dataType(type).stringValue(value).build();
    }

    @Test
    void publishBatchDeliversEveryEntry() {
        String[] t = topicWithQueue("batch", Map.of("RawMessageDelivery", "true"));
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(PublishBatchRequestEntry.builder().id("e" + i).message("batch-" + i).build());
        }
        PublishBatchResponse response = sns.publishBatch(b -> b.topicArn(t[0]).publishBatchRequestEntries(entries));
        assertEquals(10, response.successful().size());
        assertTrue(response.failed().isEmpty());
        assertEquals("e0", response.successful().get(0).id());
        assertNull(response.successful().get(0).sequenceNumber());
        List<String> bodies = new ArrayList<>();
        for (Message m : drain(sqs, t[1])) {
            bodies.add(m.body());
        }
        bodies.sort(null);
        List<String> expected = new ArrayList<>();
        for (Iterator<PublishBatchRequestEntry> it = entries.iterator(); it.hasNext(); ) {
            expected.add(it.next().message());
        }
        expected.sort(null);
        assertEquals(expected, bodies);
    }

    @Test
    void publishBatchRefusesBadBatches() {
        String topic = sns.createTopic(b -> b.name(uniqueName("badbatch"))).topicArn();
        expectError(EmptyBatchRequestException.class, "EmptyBatchRequest", 400,
                () -> sns.publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(List.of())));
        List<PublishBatchRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(PublishBatchRequestEntry.builder().id("e" + i).message("m").build());
        }
        expectError(TooManyEntriesInBatchRequestException.class, "TooManyEntriesInBatchRequest", 400,
                "The batch request contains more entries than permissible.",
                () -> sns.publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(eleven)));
        expectError(BatchEntryIdsNotDistinctException.class, "BatchEntryIdsNotDistinct", 400,
                "Two or more batch entries in the request have the same Id.",
                () -> sns.publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("x").message("1").build(),
                        PublishBatchRequestEntry.builder().id("x").message("2").build())));
        expectError(InvalidBatchEntryIdException.class, "InvalidBatchEntryId", 400,
                () -> sns.publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("no spaces").message("1").build())));
        expectError(NotFoundException.class, "NotFound", 404,
                () -> sns.publishBatch(b -> b.topicArn(topicArn(uniqueName("none"))).publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("a").message("1").build())));
        expectError(software.amazon.awssdk.services.sns.model.BatchRequestTooLongException.class, "BatchRequestTooLong", 400,
                () -> sns.publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("a").message("x".repeat(200_000)).build(),
                        PublishBatchRequestEntry.builder().id("b").message("x".repeat(200_000)).build())));
    }
}
