package sluice.protocol.sns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sluice.api.sns.MessageAttributeValue;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsRequest;
import sluice.api.sns.SnsResult;
import sluice.api.sns.Tag;
import sluice.protocol.wire.FormDecoder;
import sluice.protocol.wire.WireResponse;

/** Decoding the SNS query serialisation the SDKs send, and the XML shapes they parse. */
class SnsQueryCodecTest {
    private final SnsQueryCodec codec = new SnsQueryCodec();

    private SnsRequest decode(String form) {
        return codec.decode(FormDecoder.parse(form));
    }

    @Test
    void createTopicReadsAttributeEntriesAndTagMembers() {
        SnsRequest.CreateTopic r = (SnsRequest.CreateTopic) decode("Action=CreateTopic&Version=2010-03-31&Name=t.fifo"
                + "&Attributes.entry.1.key=FifoTopic&Attributes.entry.1.value=true"
                + "&Attributes.entry.2.key=DisplayName&Attributes.entry.2.value=Hi+there"
                + "&Tags.member.1.Key=team&Tags.member.1.Value=core&Tags.member.2.Key=env&Tags.member.2.Value=");
        assertEquals("t.fifo", r.name());
        assertEquals(Map.of("FifoTopic", "true", "DisplayName", "Hi there"), r.attributes());
        assertEquals(List.of(new Tag("team", "core"), new Tag("env", "")), r.tags());
        assertNull(r.dataProtectionPolicy());
    }

    @Test
    void publishReadsMessageAttributesOfEveryKind() {
        SnsRequest.Publish r = (SnsRequest.Publish) decode("Action=Publish&TopicArn=arn&Message=hello&Subject=s"
                + "&MessageAttributes.entry.1.Name=color&MessageAttributes.entry.1.Value.DataType=String"
                + "&MessageAttributes.entry.1.Value.StringValue=red"
                + "&MessageAttributes.entry.2.Name=bin&MessageAttributes.entry.2.Value.DataType=Binary"
                + "&MessageAttributes.entry.2.Value.BinaryValue=AQI%3D"
                + "&MessageAttributes.entry.3.Name=bare");
        assertEquals("arn", r.topicArn());
        assertEquals("hello", r.entry().message());
        assertEquals("s", r.entry().subject());
        Map<String, MessageAttributeValue> attributes = r.entry().messageAttributes();
        assertEquals(List.of("color", "bin", "bare"), List.copyOf(attributes.keySet()));
        assertEquals("red", attributes.get("color").stringValue());
        assertArrayEquals(new byte[] {1, 2}, attributes.get("bin").binaryValue());
        assertNull(attributes.get("bare").dataType());
    }

    @Test
    void publishBatchReadsEveryEntryInNumericOrder() {
        SnsRequest.PublishBatch r = (SnsRequest.PublishBatch) decode("Action=PublishBatch&TopicArn=arn"
                + "&PublishBatchRequestEntries.member.10.Id=ten&PublishBatchRequestEntries.member.10.Message=m10"
                + "&PublishBatchRequestEntries.member.2.Id=two&PublishBatchRequestEntries.member.2.Message=m2"
                + "&PublishBatchRequestEntries.member.2.MessageGroupId=g"
                + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name=a"
                + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.DataType=Number"
                + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.StringValue=1");
        assertEquals(List.of("two", "ten"), r.entries().stream().map(SnsRequest.PublishBatchEntry::id).toList());
        assertEquals("g", r.entries().get(0).entry().messageGroupId());
        assertEquals("Number", r.entries().get(0).entry().messageAttributes().get("a").dataType());
    }

    @Test
    void botocoreEmptyListIsAnEmptyBatch() {
        SnsRequest.PublishBatch r = (SnsRequest.PublishBatch) decode("Action=PublishBatch&TopicArn=arn&PublishBatchRequestEntries=");
        assertTrue(r.entries().isEmpty());
    }

    @Test
    void listsMapsAndBooleans() {
        SnsRequest.AddPermission add = (SnsRequest.AddPermission) decode("Action=AddPermission&TopicArn=t&Label=l"
                + "&AWSAccountId.member.1=111122223333&ActionName.member.1=Publish&ActionName.member.2=Subscribe");
        assertEquals(List.of("111122223333"), add.awsAccountIds());
        assertEquals(List.of("Publish", "Subscribe"), add.actionNames());
        SnsRequest.Subscribe sub = (SnsRequest.Subscribe) decode("Action=Subscribe&TopicArn=t&Protocol=sqs&Endpoint=e"
                + "&ReturnSubscriptionArn=true&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=true");
        assertEquals(Boolean.TRUE, sub.returnSubscriptionArn());
        assertEquals(Map.of("RawMessageDelivery", "true"), sub.attributes());
        SnsRequest.UntagResource untag = (SnsRequest.UntagResource) decode(
                "Action=UntagResource&ResourceArn=r&TagKeys.member.1=a&TagKeys.member.2=b");
        assertEquals(List.of("a", "b"), untag.tagKeys());
        SnsRequest.GetSMSAttributes sms = (SnsRequest.GetSMSAttributes) decode(
                "Action=GetSMSAttributes&attributes.member.1=DefaultSMSType");
        assertEquals(List.of("DefaultSMSType"), sms.attributes());
    }

    @Test
    void missingActionUnknownActionAndMissingMembers() {
        assertEquals(SnsError.MISSING_ACTION, assertThrows(SnsException.class, () -> decode("Version=2010-03-31")).error());
        assertEquals(SnsError.INVALID_ACTION, assertThrows(SnsException.class, () -> decode("Action=Nope")).error());
        SnsException missing = assertThrows(SnsException.class, () -> decode("Action=GetTopicAttributes"));
        assertEquals(SnsError.INVALID_PARAMETER, missing.error());
        assertEquals("Invalid parameter: TopicArn Reason: no value for required parameter", missing.getMessage());
        assertEquals(SnsError.VALIDATION_ERROR, assertThrows(SnsException.class,
                () -> decode("Action=Subscribe&TopicArn=t&Protocol=sqs&ReturnSubscriptionArn=maybe")).error());
    }

    @Test
    void resultsAreWrappedAsTheQueryModelSays() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("TopicArn", "arn:t");
        attributes.put("DisplayName", "a<b");
        String xml = body(codec.encode("GetTopicAttributes", new SnsResult.Attributes(attributes), "rid"));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><GetTopicAttributesResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                + "<GetTopicAttributesResult><Attributes><entry><key>TopicArn</key><value>arn:t</value></entry>"
                + "<entry><key>DisplayName</key><value>a&lt;b</value></entry></Attributes></GetTopicAttributesResult>"
                + "<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></GetTopicAttributesResponse>", xml);
        String topics = body(codec.encode("ListTopics", new SnsResult.Topics(List.of("a", "b"), "n"), "r"));
        assertTrue(topics.contains("<ListTopicsResult><Topics><member><TopicArn>a</TopicArn></member>"
                + "<member><TopicArn>b</TopicArn></member></Topics><NextToken>n</NextToken></ListTopicsResult>"), topics);
        String delete = body(codec.encode("DeleteTopic", new SnsResult.Empty(), "r"));
        assertTrue(!delete.contains("Result") && delete.contains("<DeleteTopicResponse"), delete);
        String tag = body(codec.encode("TagResource", new SnsResult.Empty(), "r"));
        assertTrue(tag.contains("<TagResourceResult/>"), tag);
        String batch = body(codec.encode("PublishBatch", new SnsResult.PublishBatch(
                List.of(new SnsResult.BatchSuccess("1", "m", null)),
                List.of(new SnsResult.BatchFailure("2", "InvalidParameter", "bad", true))), "r"));
        assertTrue(batch.contains("<Successful><member><Id>1</Id><MessageId>m</MessageId></member></Successful>"
                + "<Failed><member><Id>2</Id><Code>InvalidParameter</Code><Message>bad</Message>"
                + "<SenderFault>true</SenderFault></member></Failed>"), batch);
    }

    @Test
    void errorsCarryTypeCodeMessageAndStatus() {
        WireResponse response = codec.encodeError(SnsException.topicNotFound(), "rid");
        assertEquals(404, response.status());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                + "<Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>"
                + "<RequestId>rid</RequestId></ErrorResponse>", body(response));
        assertEquals(500, codec.encodeError(SnsError.INTERNAL_ERROR.error("x"), "r").status());
        assertTrue(body(codec.encodeError(SnsError.INTERNAL_ERROR.error("x"), "r")).contains("<Type>Receiver</Type>"));
    }

    @Test
    void everyAuthenticationFailureHasAnSnsErrorOfTheSameCodeAndStatus() {
        for (sluice.protocol.auth.AuthFailure failure : sluice.protocol.auth.AuthFailure.values()) {
            SnsError error = SnsError.valueOf(failure.name());
            assertEquals(failure.code(), error.queryCode());
            assertEquals(failure.httpStatus(), error.httpStatus());
        }
    }

    private static String body(WireResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
