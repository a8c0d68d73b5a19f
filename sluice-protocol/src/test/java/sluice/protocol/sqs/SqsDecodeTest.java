package sluice.protocol.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sluice.api.sqs.MessageAttributeValue;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;
import sluice.api.sqs.SqsRequest.*;
import sluice.protocol.wire.FormDecoder;

/** Both dialects decode every operation to the same record, and fail alike on bad input. */
class SqsDecodeTest {
    static final String URL = "http://localhost:4566/000000000000/q1";
    static final String BODY = "line1\r\nline2\t<&>\"' ü € 😀";
    static final byte[] BINARY = {0, 1, 2, (byte) 0xFF, (byte) 0xFE, 62, 63};
    static final String BINARY_B64 = "AAEC//4+Pw==";

    final SqsJsonCodec json = new SqsJsonCodec();
    final SqsQueryCodec query = new SqsQueryCodec();

    /** Operation, expected record, JSON body, query parameters (name/value pairs, encoded by the test). */
    static Stream<Arguments> operations() {
        Map<String, MessageAttributeValue> attrs = new LinkedHashMap<>();
        attrs.put("s", MessageAttributeValue.string("v ü"));
        attrs.put("n", MessageAttributeValue.ofType("Number.int", "42", null));
        attrs.put("b", MessageAttributeValue.ofType("Binary", null, BINARY));
        Map<String, MessageAttributeValue> sys = Map.of("AWSTraceHeader", MessageAttributeValue.string("Root=1-abc"));
        return Stream.of(
                Arguments.of("CreateQueue",
                        new CreateQueue("q1", Map.of("VisibilityTimeout", "30", "FifoQueue", "true"), Map.of("env", "prod")),
                        "{\"QueueName\":\"q1\",\"Attributes\":{\"VisibilityTimeout\":\"30\",\"FifoQueue\":\"true\"},"
                                + "\"tags\":{\"env\":\"prod\"}}",
                        List.of("QueueName", "q1", "Attribute.2.Name", "FifoQueue", "Attribute.2.Value", "true",
                                "Attribute.1.Name", "VisibilityTimeout", "Attribute.1.Value", "30",
                                "Tag.1.Key", "env", "Tag.1.Value", "prod")),
                Arguments.of("GetQueueUrl", new GetQueueUrl("q1", "123456789012"),
                        "{\"QueueName\":\"q1\",\"QueueOwnerAWSAccountId\":\"123456789012\"}",
                        List.of("QueueName", "q1", "QueueOwnerAWSAccountId", "123456789012")),
                Arguments.of("ListQueues", new ListQueues("pre", 5, "tok"),
                        "{\"QueueNamePrefix\":\"pre\",\"MaxResults\":5,\"NextToken\":\"tok\"}",
                        List.of("QueueNamePrefix", "pre", "MaxResults", "5", "NextToken", "tok")),
                Arguments.of("DeleteQueue", new DeleteQueue(URL), "{\"QueueUrl\":\"" + URL + "\"}",
                        List.of("QueueUrl", URL)),
                Arguments.of("GetQueueAttributes", new GetQueueAttributes(URL, List.of("All", "VisibilityTimeout")),
                        "{\"QueueUrl\":\"" + URL + "\",\"AttributeNames\":[\"All\",\"VisibilityTimeout\"]}",
                        List.of("QueueUrl", URL, "AttributeName.2", "VisibilityTimeout", "AttributeName.1", "All")),
                Arguments.of("SetQueueAttributes", new SetQueueAttributes(URL, Map.of("DelaySeconds", "5")),
                        "{\"QueueUrl\":\"" + URL + "\",\"Attributes\":{\"DelaySeconds\":\"5\"}}",
                        List.of("QueueUrl", URL, "Attribute.1.Name", "DelaySeconds", "Attribute.1.Value", "5")),
                Arguments.of("SendMessage",
                        new SendMessage(URL, new SendEntry(BODY, 3, attrs, sys, "dedup", "group")),
                        "{\"QueueUrl\":\"" + URL + "\",\"MessageBody\":\"line1\\r\\nline2\\t<&>\\\"' ü € 😀\","
                                + "\"DelaySeconds\":3,\"MessageAttributes\":{"
                                + "\"s\":{\"DataType\":\"String\",\"StringValue\":\"v ü\"},"
                                + "\"n\":{\"DataType\":\"Number.int\",\"StringValue\":\"42\"},"
                                + "\"b\":{\"DataType\":\"Binary\",\"BinaryValue\":\"" + BINARY_B64 + "\"}},"
                                + "\"MessageSystemAttributes\":{\"AWSTraceHeader\":{\"DataType\":\"String\","
                                + "\"StringValue\":\"Root=1-abc\"}},"
                                + "\"MessageDeduplicationId\":\"dedup\",\"MessageGroupId\":\"group\"}",
                        List.of("QueueUrl", URL, "MessageBody", BODY, "DelaySeconds", "3",
                                "MessageAttribute.1.Name", "s", "MessageAttribute.1.Value.DataType", "String",
                                "MessageAttribute.1.Value.StringValue", "v ü",
                                "MessageAttribute.2.Name", "n", "MessageAttribute.2.Value.DataType", "Number.int",
                                "MessageAttribute.2.Value.StringValue", "42",
                                "MessageAttribute.3.Name", "b", "MessageAttribute.3.Value.DataType", "Binary",
                                "MessageAttribute.3.Value.BinaryValue", BINARY_B64,
                                "MessageSystemAttribute.1.Name", "AWSTraceHeader",
                                "MessageSystemAttribute.1.Value.DataType", "String",
                                "MessageSystemAttribute.1.Value.StringValue", "Root=1-abc",
                                "MessageDeduplicationId", "dedup", "MessageGroupId", "group")),
                Arguments.of("SendMessageBatch",
                        new SendMessageBatch(URL, List.of(
                                new SendBatchEntry("a", new SendEntry("one", null, Map.of(), Map.of(), null, null)),
                                new SendBatchEntry("b", new SendEntry(BODY, 7, attrs, Map.of(), "d", "g")),
                                new SendBatchEntry("c", new SendEntry("ten", null, Map.of(), sys, null, null)))),
                        "{\"QueueUrl\":\"" + URL + "\",\"Entries\":["
                                + "{\"Id\":\"a\",\"MessageBody\":\"one\"},"
                                + "{\"Id\":\"b\",\"MessageBody\":\"line1\\r\\nline2\\t<&>\\\"' ü € 😀\","
                                + "\"DelaySeconds\":7,\"MessageDeduplicationId\":\"d\",\"MessageGroupId\":\"g\","
                                + "\"MessageAttributes\":{"
                                + "\"s\":{\"DataType\":\"String\",\"StringValue\":\"v ü\"},"
                                + "\"n\":{\"DataType\":\"Number.int\",\"StringValue\":\"42\"},"
                                + "\"b\":{\"DataType\":\"Binary\",\"BinaryValue\":\"" + BINARY_B64 + "\"}}},"
                                + "{\"Id\":\"c\",\"MessageBody\":\"ten\",\"MessageSystemAttributes\":{\"AWSTraceHeader\":"
                                + "{\"DataType\":\"String\",\"StringValue\":\"Root=1-abc\"}}}]}",
                        List.of("QueueUrl", URL,
                                "SendMessageBatchRequestEntry.10.Id", "c",
                                "SendMessageBatchRequestEntry.10.MessageBody", "ten",
                                "SendMessageBatchRequestEntry.10.MessageSystemAttribute.1.Name", "AWSTraceHeader",
                                "SendMessageBatchRequestEntry.10.MessageSystemAttribute.1.Value.DataType", "String",
                                "SendMessageBatchRequestEntry.10.MessageSystemAttribute.1.Value.StringValue", "Root=1-abc",
                                "SendMessageBatchRequestEntry.1.Id", "a",
                                "SendMessageBatchRequestEntry.1.MessageBody", "one",
                                "SendMessageBatchRequestEntry.2.Id", "b",
                                "SendMessageBatchRequestEntry.2.MessageBody", BODY,
                                "SendMessageBatchRequestEntry.2.DelaySeconds", "7",
                                "SendMessageBatchRequestEntry.2.MessageDeduplicationId", "d",
                                "SendMessageBatchRequestEntry.2.MessageGroupId", "g",
                                "SendMessageBatchRequestEntry.2.MessageAttribute.1.Name", "s",
                                "SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.DataType", "String",
                                "SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue", "v ü",
                                "SendMessageBatchRequestEntry.2.MessageAttribute.2.Name", "n",
                                "SendMessageBatchRequestEntry.2.MessageAttribute.2.Value.DataType", "Number.int",
                                "SendMessageBatchRequestEntry.2.MessageAttribute.2.Value.StringValue", "42",
                                "SendMessageBatchRequestEntry.2.MessageAttribute.3.Name", "b",
                                "SendMessageBatchRequestEntry.2.MessageAttribute.3.Value.DataType", "Binary",
                                "SendMessageBatchRequestEntry.2.MessageAttribute.3.Value.BinaryValue", BINARY_B64)),
                Arguments.of("ReceiveMessage",
                        new ReceiveMessage(URL, 10, 30, 20, List.of("All"), List.of("SentTimestamp", "SenderId"),
                                List.of("attr.*", "x"), "attempt-1"),
                        "{\"QueueUrl\":\"" + URL + "\",\"MaxNumberOfMessages\":10,\"VisibilityTimeout\":30,"
                                + "\"WaitTimeSeconds\":20,\"AttributeNames\":[\"All\"],"
                                + "\"MessageSystemAttributeNames\":[\"SentTimestamp\",\"SenderId\"],"
                                + "\"MessageAttributeNames\":[\"attr.*\",\"x\"],\"ReceiveRequestAttemptId\":\"attempt-1\"}",
                        List.of("QueueUrl", URL, "MaxNumberOfMessages", "10", "VisibilityTimeout", "30",
                                "WaitTimeSeconds", "20", "AttributeName.1", "All",
                                "MessageSystemAttributeName.1", "SentTimestamp", "MessageSystemAttributeName.2", "SenderId",
                                "MessageAttributeName.1", "attr.*", "MessageAttributeName.2", "x",
                                "ReceiveRequestAttemptId", "attempt-1")),
                Arguments.of("DeleteMessage", new DeleteMessage(URL, "rh+/="),
                        "{\"QueueUrl\":\"" + URL + "\",\"ReceiptHandle\":\"rh+/=\"}",
                        List.of("QueueUrl", URL, "ReceiptHandle", "rh+/=")),
                Arguments.of("DeleteMessageBatch",
                        new DeleteMessageBatch(URL, List.of(new ReceiptEntry("1", "rh1"), new ReceiptEntry("2", "rh2"))),
                        "{\"QueueUrl\":\"" + URL + "\",\"Entries\":[{\"Id\":\"1\",\"ReceiptHandle\":\"rh1\"},"
                                + "{\"Id\":\"2\",\"ReceiptHandle\":\"rh2\"}]}",
                        List.of("QueueUrl", URL, "DeleteMessageBatchRequestEntry.1.Id", "1",
                                "DeleteMessageBatchRequestEntry.1.ReceiptHandle", "rh1",
                                "DeleteMessageBatchRequestEntry.2.Id", "2",
                                "DeleteMessageBatchRequestEntry.2.ReceiptHandle", "rh2")),
                Arguments.of("ChangeMessageVisibility", new ChangeMessageVisibility(URL, "rh", 0),
                        "{\"QueueUrl\":\"" + URL + "\",\"ReceiptHandle\":\"rh\",\"VisibilityTimeout\":0}",
                        List.of("QueueUrl", URL, "ReceiptHandle", "rh", "VisibilityTimeout", "0")),
                Arguments.of("ChangeMessageVisibilityBatch",
                        new ChangeMessageVisibilityBatch(URL, List.of(new VisibilityEntry("1", "rh1", 60),
                                new VisibilityEntry("2", "rh2", null))),
                        "{\"QueueUrl\":\"" + URL + "\",\"Entries\":[{\"Id\":\"1\",\"ReceiptHandle\":\"rh1\","
                                + "\"VisibilityTimeout\":60},{\"Id\":\"2\",\"ReceiptHandle\":\"rh2\"}]}",
                        List.of("QueueUrl", URL, "ChangeMessageVisibilityBatchRequestEntry.1.Id", "1",
                                "ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle", "rh1",
                                "ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout", "60",
                                "ChangeMessageVisibilityBatchRequestEntry.2.Id", "2",
                                "ChangeMessageVisibilityBatchRequestEntry.2.ReceiptHandle", "rh2")),
                Arguments.of("PurgeQueue", new PurgeQueue(URL), "{\"QueueUrl\":\"" + URL + "\"}",
                        List.of("QueueUrl", URL)),
                Arguments.of("TagQueue", new TagQueue(URL, Map.of("a", "1", "b", "")),
                        "{\"QueueUrl\":\"" + URL + "\",\"Tags\":{\"a\":\"1\",\"b\":\"\"}}",
                        List.of("QueueUrl", URL, "Tag.1.Key", "a", "Tag.1.Value", "1", "Tag.2.Key", "b", "Tag.2.Value", "")),
                Arguments.of("UntagQueue", new UntagQueue(URL, List.of("a", "b")),
                        "{\"QueueUrl\":\"" + URL + "\",\"TagKeys\":[\"a\",\"b\"]}",
                        List.of("QueueUrl", URL, "TagKey.1", "a", "TagKey.2", "b")),
                Arguments.of("ListQueueTags", new ListQueueTags(URL), "{\"QueueUrl\":\"" + URL + "\"}",
                        List.of("QueueUrl", URL)),
                Arguments.of("AddPermission",
                        new AddPermission(URL, "lbl", List.of("111122223333", "444455556666"), List.of("SendMessage", "*")),
                        "{\"QueueUrl\":\"" + URL + "\",\"Label\":\"lbl\",\"AWSAccountIds\":[\"111122223333\","
                                + "\"444455556666\"],\"Actions\":[\"SendMessage\",\"*\"]}",
                        List.of("QueueUrl", URL, "Label", "lbl", "AWSAccountId.1", "111122223333",
                                "AWSAccountId.2", "444455556666", "ActionName.1", "SendMessage", "ActionName.2", "*")),
                Arguments.of("RemovePermission", new RemovePermission(URL, "lbl"),
                        "{\"QueueUrl\":\"" + URL + "\",\"Label\":\"lbl\"}", List.of("QueueUrl", URL, "Label", "lbl")),
                Arguments.of("ListDeadLetterSourceQueues", new ListDeadLetterSourceQueues(URL, 100, "t"),
                        "{\"QueueUrl\":\"" + URL + "\",\"MaxResults\":100,\"NextToken\":\"t\"}",
                        List.of("QueueUrl", URL, "MaxResults", "100", "NextToken", "t")),
                Arguments.of("StartMessageMoveTask",
                        new StartMessageMoveTask("arn:aws:sqs:us-east-1:000000000000:dlq", "arn:aws:sqs:us-east-1:000000000000:q1", 50),
                        "{\"SourceArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\","
                                + "\"DestinationArn\":\"arn:aws:sqs:us-east-1:000000000000:q1\",\"MaxNumberOfMessagesPerSecond\":50}",
                        List.of("SourceArn", "arn:aws:sqs:us-east-1:000000000000:dlq",
                                "DestinationArn", "arn:aws:sqs:us-east-1:000000000000:q1", "MaxNumberOfMessagesPerSecond", "50")),
                Arguments.of("CancelMessageMoveTask", new CancelMessageMoveTask("handle"),
                        "{\"TaskHandle\":\"handle\"}", List.of("TaskHandle", "handle")),
                Arguments.of("ListMessageMoveTasks", new ListMessageMoveTasks("arn:aws:sqs:us-east-1:000000000000:dlq", 10),
                        "{\"SourceArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"MaxResults\":10}",
                        List.of("SourceArn", "arn:aws:sqs:us-east-1:000000000000:dlq", "MaxResults", "10")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void bothDialectsDecodeToTheSameRecord(String op, SqsRequest expected, String jsonBody, List<String> queryPairs) {
        SqsRequest fromJson = json.decode(op, jsonBody.getBytes(StandardCharsets.UTF_8));
        SqsRequest fromQuery = query.decode(form(op, queryPairs.toArray(String[]::new)));
        assertEquals(Canon.of(expected), Canon.of(fromJson), "JSON");
        assertEquals(Canon.of(expected), Canon.of(fromQuery), "query");
        assertEquals(op, fromJson.operation());
    }

    @Test
    void theTableCoversEveryOperation() {
        Set<String> covered = operations().map(a -> (String) a.get()[0]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(SqsRequestReader.OPERATIONS), covered);
    }

    @Test
    void absentOptionalMembersAreNullAndCollectionsEmpty() {
        ReceiveMessage r = (ReceiveMessage) json.decode("ReceiveMessage", "{\"QueueUrl\":null}".getBytes(StandardCharsets.UTF_8));
        assertEquals(new ReceiveMessage(null, null, null, null, List.of(), List.of(), List.of(), null), r);
        assertEquals(r, query.decode(form("ReceiveMessage")));
        assertEquals(new CreateQueue("q", Map.of(), Map.of()), query.decode(form("CreateQueue", "QueueName", "q")));
        assertEquals(new ListQueues(null, null, null), json.decode("ListQueues", new byte[0]));
        assertEquals(new ListQueues(null, null, null), json.decode("ListQueues", " {} ".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void missingQueueUrlIsLeftToTheDispatcher() {
        assertNull(json.decode("DeleteQueue", "{}".getBytes(StandardCharsets.UTF_8)).queueUrl());
        assertNull(query.decode(form("SendMessage", "MessageBody", "x")).queueUrl());
    }

    @Test
    void jsonTargetPrefixIsAccepted() {
        assertEquals(new ListQueues("p", null, null),
                json.decode("AmazonSQS.ListQueues", "{\"QueuePrefix\":1,\"QueueNamePrefix\":\"p\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unknownMembersAreIgnored() {
        assertEquals(new DeleteQueue(URL), json.decode("DeleteQueue",
                ("{\"Foo\":{\"a\":[1,2,{}]},\"QueueUrl\":\"" + URL + "\",\"MaxResults\":\"x\"}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(new DeleteQueue(URL), query.decode(form("DeleteQueue", "QueueUrl", URL, "Foo.1", "x", "MaxResults", "x")));
    }

    @Test
    void emptyListsInTheQueryDialectAreEmptyNotMissing() {
        // botocore's query serializer sends an empty list as the bare member name: "Entries="
        assertEquals(new SendMessageBatch(URL, List.of()),
                query.decode(form("SendMessageBatch", "QueueUrl", URL, "Entries", "")));
        assertEquals(new SendMessageBatch(URL, List.of()),
                query.decode(form("SendMessageBatch", "QueueUrl", URL, "SendMessageBatchRequestEntry", "")));
        assertEquals(new AddPermission(URL, "l", List.of(), List.of()),
                query.decode(form("AddPermission", "QueueUrl", URL, "Label", "l", "AWSAccountIds", "", "Actions", "")));
        assertEquals(new ReceiveMessage(URL, null, null, null, List.of(), List.of(), List.of(), null),
                query.decode(form("ReceiveMessage", "QueueUrl", URL, "AttributeNames", "")));
        assertEquals(new SendMessageBatch(URL, List.of()),
                json.decode("SendMessageBatch", ("{\"QueueUrl\":\"" + URL + "\",\"Entries\":[]}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(new GetQueueAttributes(URL, List.of("All")),
                query.decode(form("GetQueueAttributes", "QueueUrl", URL, "AttributeName", "All")));
    }

    static Stream<Arguments> missingMembers() {
        String u = "\"QueueUrl\":\"" + URL + "\"";
        return Stream.of(
                Arguments.of("CreateQueue", "{\"Attributes\":{}}", List.of(), "QueueName", "QueueName"),
                Arguments.of("GetQueueUrl", "{}", List.of(), "QueueName", "QueueName"),
                Arguments.of("SetQueueAttributes", "{" + u + "}", List.of("QueueUrl", URL), "Attributes", "Attribute"),
                Arguments.of("SendMessage", "{" + u + "}", List.of("QueueUrl", URL), "MessageBody", "MessageBody"),
                Arguments.of("SendMessageBatch", "{" + u + "}", List.of("QueueUrl", URL),
                        "Entries", "SendMessageBatchRequestEntry"),
                Arguments.of("SendMessageBatch", "{\"Entries\":[{\"MessageBody\":\"x\"}]}",
                        List.of("SendMessageBatchRequestEntry.1.MessageBody", "x"),
                        "Entries.1.Id", "SendMessageBatchRequestEntry.1.Id"),
                Arguments.of("SendMessageBatch", "{\"Entries\":[{\"Id\":\"a\",\"MessageBody\":\"x\"},{\"Id\":\"b\"}]}",
                        List.of("SendMessageBatchRequestEntry.1.Id", "a", "SendMessageBatchRequestEntry.1.MessageBody", "x",
                                "SendMessageBatchRequestEntry.2.Id", "b"),
                        "Entries.2.MessageBody", "SendMessageBatchRequestEntry.2.MessageBody"),
                Arguments.of("DeleteMessage", "{" + u + "}", List.of("QueueUrl", URL), "ReceiptHandle", "ReceiptHandle"),
                Arguments.of("DeleteMessageBatch", "{}", List.of(), "Entries", "DeleteMessageBatchRequestEntry"),
                Arguments.of("DeleteMessageBatch", "{\"Entries\":[{\"Id\":\"a\"}]}",
                        List.of("DeleteMessageBatchRequestEntry.1.Id", "a"),
                        "Entries.1.ReceiptHandle", "DeleteMessageBatchRequestEntry.1.ReceiptHandle"),
                Arguments.of("ChangeMessageVisibility", "{\"VisibilityTimeout\":1}", List.of("VisibilityTimeout", "1"),
                        "ReceiptHandle", "ReceiptHandle"),
                Arguments.of("ChangeMessageVisibility", "{\"ReceiptHandle\":\"r\"}", List.of("ReceiptHandle", "r"),
                        "VisibilityTimeout", "VisibilityTimeout"),
                Arguments.of("ChangeMessageVisibilityBatch", "{}", List.of(),
                        "Entries", "ChangeMessageVisibilityBatchRequestEntry"),
                Arguments.of("ChangeMessageVisibilityBatch", "{\"Entries\":[{\"ReceiptHandle\":\"r\"}]}",
                        List.of("ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle", "r"),
                        "Entries.1.Id", "ChangeMessageVisibilityBatchRequestEntry.1.Id"),
                Arguments.of("TagQueue", "{" + u + "}", List.of("QueueUrl", URL), "Tags", "Tag"),
                Arguments.of("UntagQueue", "{" + u + "}", List.of("QueueUrl", URL), "TagKeys", "TagKey"),
                Arguments.of("AddPermission", "{\"AWSAccountIds\":[\"1\"],\"Actions\":[\"*\"]}",
                        List.of("AWSAccountId.1", "1", "ActionName.1", "*"), "Label", "Label"),
                Arguments.of("AddPermission", "{\"Label\":\"l\",\"Actions\":[\"*\"]}",
                        List.of("Label", "l", "ActionName.1", "*"), "AWSAccountIds", "AWSAccountId"),
                Arguments.of("AddPermission", "{\"Label\":\"l\",\"AWSAccountIds\":[\"1\"]}",
                        List.of("Label", "l", "AWSAccountId.1", "1"), "Actions", "ActionName"),
                Arguments.of("RemovePermission", "{" + u + "}", List.of("QueueUrl", URL), "Label", "Label"),
                Arguments.of("StartMessageMoveTask", "{}", List.of(), "SourceArn", "SourceArn"),
                Arguments.of("CancelMessageMoveTask", "{}", List.of(), "TaskHandle", "TaskHandle"),
                Arguments.of("ListMessageMoveTasks", "{\"MaxResults\":1}", List.of("MaxResults", "1"), "SourceArn", "SourceArn"));
    }

    @ParameterizedTest(name = "{0} without {3}")
    @MethodSource("missingMembers")
    void missingRequiredMembers(String op, String jsonBody, List<String> queryPairs, String jsonName, String queryName) {
        SqsException j = assertThrows(SqsException.class, () -> json.decode(op, jsonBody.getBytes(StandardCharsets.UTF_8)));
        assertEquals(SqsError.MISSING_PARAMETER, j.error());
        assertEquals("The request must contain the parameter " + jsonName + ".", j.getMessage());
        SqsException q = assertThrows(SqsException.class, () -> query.decode(form(op, queryPairs.toArray(String[]::new))));
        assertEquals(SqsError.MISSING_PARAMETER, q.error());
        assertEquals("The request must contain the parameter " + queryName + ".", q.getMessage());
    }

    @Test
    void queryMapEntriesNeedNameAndValue() {
        assertQueryError(SqsError.MISSING_PARAMETER, "The request must contain the parameter Attribute.1.Value.",
                "CreateQueue", "QueueName", "q", "Attribute.1.Name", "DelaySeconds");
        assertQueryError(SqsError.MISSING_PARAMETER, "The request must contain the parameter Tag.2.Key.",
                "TagQueue", "Tag.1.Key", "a", "Tag.1.Value", "b", "Tag.2.Value", "c");
        assertQueryError(SqsError.MISSING_PARAMETER, "The request must contain the parameter MessageAttribute.1.Name.",
                "SendMessage", "MessageBody", "x", "MessageAttribute.1.Value.DataType", "String");
    }

    @Test
    void unknownOrMissingOperation() {
        SqsException j = assertThrows(SqsException.class, () -> json.decode("Foo", "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(SqsError.INVALID_ACTION, j.error());
        assertEquals("The action Foo is not valid for this endpoint.", j.getMessage());
        assertQueryError(SqsError.INVALID_ACTION, "The action Foo is not valid for this endpoint.", "Foo");
        // the operation is checked before the body is parsed
        assertEquals(SqsError.INVALID_ACTION,
                assertThrows(SqsException.class, () -> json.decode("Foo", "{".getBytes(StandardCharsets.UTF_8))).error());
        SqsException missing = assertThrows(SqsException.class, () -> query.decode(FormDecoder.parse("Version=2012-11-05")));
        assertEquals(SqsError.MISSING_ACTION, missing.error());
        assertEquals(SqsError.MISSING_ACTION, assertThrows(SqsException.class, () -> json.decode(null, new byte[0])).error());
        assertEquals(SqsError.MISSING_ACTION, assertThrows(SqsException.class, () -> query.decode(Map.of("Action", List.of("")))).error());
    }

    @ParameterizedTest
    @MethodSource("malformedJson")
    void malformedJsonIsASerializationException(String op, String body) {
        SqsException e = assertThrows(SqsException.class, () -> json.decode(op, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(SqsError.SERIALIZATION_EXCEPTION, e.error(), e.getMessage());
    }

    static Stream<Arguments> malformedJson() {
        return Stream.of(
                Arguments.of("ListQueues", "{"),
                Arguments.of("ListQueues", "{} x"),
                Arguments.of("ListQueues", "[]"),
                Arguments.of("ListQueues", "\"s\""),
                Arguments.of("ListQueues", "{'a':1}"),
                Arguments.of("ReceiveMessage", "{\"MaxNumberOfMessages\":\"10\"}"),
                Arguments.of("ReceiveMessage", "{\"MaxNumberOfMessages\":1.5}"),
                Arguments.of("ReceiveMessage", "{\"MaxNumberOfMessages\":3000000000}"),
                Arguments.of("ReceiveMessage", "{\"WaitTimeSeconds\":true}"),
                Arguments.of("ReceiveMessage", "{\"AttributeNames\":\"All\"}"),
                Arguments.of("ReceiveMessage", "{\"AttributeNames\":[1]}"),
                Arguments.of("DeleteQueue", "{\"QueueUrl\":5}"),
                Arguments.of("DeleteQueue", "{\"QueueUrl\":{}}"),
                Arguments.of("CreateQueue", "{\"QueueName\":\"q\",\"Attributes\":[]}"),
                Arguments.of("CreateQueue", "{\"QueueName\":\"q\",\"Attributes\":{\"a\":1}}"),
                Arguments.of("SendMessage", "{\"MessageBody\":\"x\",\"MessageAttributes\":{\"a\":\"s\"}}"),
                Arguments.of("SendMessage", "{\"MessageBody\":\"x\",\"MessageAttributes\":{\"a\":"
                        + "{\"DataType\":\"Binary\",\"BinaryValue\":\"!!not base64\"}}}"),
                Arguments.of("SendMessage", "{\"MessageBody\":\"x\",\"MessageAttributes\":{\"a\":"
                        + "{\"DataType\":\"Binary\",\"BinaryValue\":123}}}"),
                Arguments.of("SendMessageBatch", "{\"Entries\":{}}"),
                Arguments.of("SendMessageBatch", "{\"Entries\":[\"x\"]}"),
                Arguments.of("SendMessageBatch", "{\"Entries\":[{\"Id\":\"a\",\"MessageBody\":\"b\",\"DelaySeconds\":\"1\"}]}"));
    }

    @Test
    void serializationMessagesNameTheMember() {
        assertJsonError("Expected an integer for Entries.2.DelaySeconds.", "SendMessageBatch",
                "{\"Entries\":[{\"Id\":\"a\",\"MessageBody\":\"b\"},{\"Id\":\"c\",\"MessageBody\":\"d\",\"DelaySeconds\":\"1\"}]}");
        assertJsonError("Expected a base64 string for MessageAttributes.x.BinaryValue.", "SendMessage",
                "{\"MessageBody\":\"b\",\"MessageAttributes\":{\"x\":{\"DataType\":\"Binary\",\"BinaryValue\":\"*\"}}}");
        assertJsonError("Expected a string for Attributes.DelaySeconds.", "CreateQueue",
                "{\"QueueName\":\"q\",\"Attributes\":{\"DelaySeconds\":5}}");
        assertJsonError("Expected a list of strings for AttributeNames.", "GetQueueAttributes",
                "{\"AttributeNames\":[\"All\",null]}");
    }

    private void assertJsonError(String message, String op, String body) {
        SqsException e = assertThrows(SqsException.class, () -> json.decode(op, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(SqsError.SERIALIZATION_EXCEPTION, e.error());
        assertEquals(message, e.getMessage());
    }

    @Test
    void queryIntegersMustParse() {
        assertQueryError(SqsError.INVALID_PARAMETER_VALUE,
                "Value abc for parameter MaxNumberOfMessages is invalid. Reason: Must be an integer.",
                "ReceiveMessage", "MaxNumberOfMessages", "abc");
        assertQueryError(SqsError.INVALID_PARAMETER_VALUE,
                "Value 1.5 for parameter SendMessageBatchRequestEntry.1.DelaySeconds is invalid. Reason: Must be an integer.",
                "SendMessageBatch", "SendMessageBatchRequestEntry.1.Id", "a",
                "SendMessageBatchRequestEntry.1.MessageBody", "b", "SendMessageBatchRequestEntry.1.DelaySeconds", "1.5");
        assertQueryError(SqsError.INVALID_PARAMETER_VALUE,
                "Value 99999999999 for parameter VisibilityTimeout is invalid. Reason: Must be an integer.",
                "ChangeMessageVisibility", "ReceiptHandle", "r", "VisibilityTimeout", "99999999999");
    }

    @Test
    void queryBinaryMustBeBase64() {
        SqsException e = assertThrows(SqsException.class, () -> query.decode(form("SendMessage", "MessageBody", "x",
                "MessageAttribute.1.Name", "b", "MessageAttribute.1.Value.DataType", "Binary",
                "MessageAttribute.1.Value.BinaryValue", "!!!")));
        assertEquals(SqsError.INVALID_PARAMETER_VALUE, e.error());
        assertEquals("The value for parameter MessageAttribute.1.Value.BinaryValue is not valid base64.", e.getMessage());
        // an unencoded '+' became a space in the form decoder; it is taken back
        SendMessage m = (SendMessage) query.decode(FormDecoder.parse(
                "Action=SendMessage&MessageBody=x&MessageAttribute.1.Name=b&MessageAttribute.1.Value.DataType=Binary"
                        + "&MessageAttribute.1.Value.BinaryValue=AAEC//4+Pw=="));
        assertEquals(Canon.of(BINARY), Canon.of(m.entry().messageAttributes().get("b").binaryValue()));
    }

    @Test
    void listAttributeValuesAreKept() {
        String body = "{\"MessageBody\":\"x\",\"MessageAttributes\":{\"l\":{\"DataType\":\"String\","
                + "\"StringListValues\":[\"a\",\"b\"],\"BinaryListValues\":[\"AAE=\"]}}}";
        SendMessage j = (SendMessage) json.decode("SendMessage", body.getBytes(StandardCharsets.UTF_8));
        SendMessage q = (SendMessage) query.decode(form("SendMessage", "MessageBody", "x", "MessageAttribute.1.Name", "l",
                "MessageAttribute.1.Value.DataType", "String", "MessageAttribute.1.Value.StringListValue.2", "b",
                "MessageAttribute.1.Value.StringListValue.1", "a", "MessageAttribute.1.Value.BinaryListValue.1", "AAE="));
        assertEquals(Canon.of(j), Canon.of(q));
        assertEquals(List.of("a", "b"), j.entry().messageAttributes().get("l").stringListValues());
    }

    private void assertQueryError(SqsError error, String message, String action, String... pairs) {
        SqsException e = assertThrows(SqsException.class, () -> query.decode(form(action, pairs)));
        assertEquals(error, e.error());
        assertEquals(message, e.getMessage());
    }

    /** Encodes the pairs as a form body the way SDKs do and decodes it as the server would. */
    static Map<String, List<String>> form(String action, String... pairs) {
        StringBuilder sb = new StringBuilder("Action=").append(action).append("&Version=2012-11-05");
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append('&').append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return FormDecoder.parse(sb.toString());
    }
}
