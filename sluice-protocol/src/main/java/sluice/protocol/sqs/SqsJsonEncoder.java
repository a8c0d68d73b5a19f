package sluice.protocol.sqs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import sluice.api.sqs.MessageAttributeValue;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsResult;
import sluice.protocol.wire.WireResponse;

/**
 * Encodes SQS results and errors as AWS JSON 1.0 responses.
 *
 * <p>Design: Jackson's streaming {@link JsonGenerator} straight into a byte builder, one pattern
 * switch over the sealed {@link SqsResult}; no databinding, no tree. Member names are the AWS
 * model's. Null members are omitted, and so are empty optional lists and maps (an empty
 * ReceiveMessage or ListQueues is {@code {}}); lists the model marks required (batch
 * {@code Successful}/{@code Failed}, ListDeadLetterSourceQueues {@code queueUrls}) are always
 * written. Errors carry {@code __type} (namespaced as AWS sends it) and the
 * {@code x-amzn-query-error} header the awsQueryCompatible SDKs read the error code from.
 * Thread-safe: the factory is shared, everything else is per call.
 */
final class SqsJsonEncoder {
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String SQS_NAMESPACE = "com.amazonaws.sqs#";
    private static final String CORAL_SERVICE_NAMESPACE = "com.amazon.coral.service#";

    private final JsonFactory factory = new JsonFactory();

    WireResponse encode(String operation, SqsResult result, String requestId) {
        requestId = Objects.requireNonNullElse(requestId, "");
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            writeResult(g, operation, result);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WireResponse(200, Map.of("Content-Type", CONTENT_TYPE, "x-amzn-RequestId", requestId),
                out.toByteArray());
    }

    WireResponse encodeError(SqsException error, String requestId) {
        requestId = Objects.requireNonNullElse(requestId, "");
        SqsError kind = error.error();
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("__type", errorType(kind));
            if (error.getMessage() != null) {
                g.writeStringField("message", error.getMessage());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WireResponse(kind.httpStatus(), Map.of(
                "Content-Type", CONTENT_TYPE,
                "x-amzn-RequestId", requestId,
                "x-amzn-query-error", kind.queryCode() + (kind.senderFault() ? ";Sender" : ";Receiver")),
                out.toByteArray());
    }

    static String errorType(SqsError kind) {
        return (kind == SqsError.SERIALIZATION_EXCEPTION ? CORAL_SERVICE_NAMESPACE : SQS_NAMESPACE) + kind.shape();
    }

    private static void writeResult(JsonGenerator g, String operation, SqsResult result) throws IOException {
        switch (result) {
            case SqsResult.Empty e -> {
            }
            case SqsResult.QueueUrl r -> string(g, "QueueUrl", r.queueUrl());
            case SqsResult.QueueUrls r -> {
                if ("ListDeadLetterSourceQueues".equals(operation)) {
                    stringList(g, "queueUrls", r.queueUrls(), true);
                } else {
                    stringList(g, "QueueUrls", r.queueUrls(), false);
                }
                string(g, "NextToken", r.nextToken());
            }
            case SqsResult.Attributes r -> stringMap(g, "Attributes", r.attributes());
            case SqsResult.Tags r -> stringMap(g, "Tags", r.tags());
            case SqsResult.SendMessage r -> sendResult(g, r);
            case SqsResult.SendMessageBatch r -> {
                g.writeArrayFieldStart("Successful");
                for (SqsResult.SendBatchSuccess s : nonNull(r.successful())) {
                    g.writeStartObject();
                    string(g, "Id", s.id());
                    sendResult(g, s.result());
                    g.writeEndObject();
                }
                g.writeEndArray();
                failures(g, r.failed());
            }
            case SqsResult.IdBatch r -> {
                g.writeArrayFieldStart("Successful");
                for (String id : nonNull(r.successful())) {
                    g.writeStartObject();
                    string(g, "Id", id);
                    g.writeEndObject();
                }
                g.writeEndArray();
                failures(g, r.failed());
            }
            case SqsResult.ReceiveMessage r -> {
                List<SqsResult.ReceivedMessage> messages = nonNull(r.messages());
                if (!messages.isEmpty()) {
                    g.writeArrayFieldStart("Messages");
                    for (SqsResult.ReceivedMessage m : messages) {
                        message(g, m);
                    }
                    g.writeEndArray();
                }
            }
            case SqsResult.StartMessageMoveTask r -> string(g, "TaskHandle", r.taskHandle());
            case SqsResult.CancelMessageMoveTask r ->
                    g.writeNumberField("ApproximateNumberOfMessagesMoved", r.approximateNumberOfMessagesMoved());
            case SqsResult.ListMessageMoveTasks r -> {
                List<SqsResult.MoveTask> tasks = nonNull(r.results());
                if (!tasks.isEmpty()) {
                    g.writeArrayFieldStart("Results");
                    for (SqsResult.MoveTask t : tasks) {
                        moveTask(g, t);
                    }
                    g.writeEndArray();
                }
            }
        }
    }

    private static void sendResult(JsonGenerator g, SqsResult.SendMessage r) throws IOException {
        string(g, "MessageId", r.messageId());
        string(g, "MD5OfMessageBody", r.md5OfMessageBody());
        string(g, "MD5OfMessageAttributes", r.md5OfMessageAttributes());
        string(g, "MD5OfMessageSystemAttributes", r.md5OfMessageSystemAttributes());
        string(g, "SequenceNumber", r.sequenceNumber());
    }

    private static void failures(JsonGenerator g, List<SqsResult.BatchFailure> failed) throws IOException {
        g.writeArrayFieldStart("Failed");
        for (SqsResult.BatchFailure f : nonNull(failed)) {
            g.writeStartObject();
            string(g, "Id", f.id());
            g.writeBooleanField("SenderFault", f.senderFault());
            string(g, "Code", f.code());
            string(g, "Message", f.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void message(JsonGenerator g, SqsResult.ReceivedMessage m) throws IOException {
        g.writeStartObject();
        string(g, "MessageId", m.messageId());
        string(g, "ReceiptHandle", m.receiptHandle());
        string(g, "MD5OfBody", m.md5OfBody());
        string(g, "Body", m.body());
        stringMap(g, "Attributes", m.attributes());
        string(g, "MD5OfMessageAttributes", m.md5OfMessageAttributes());
        Map<String, MessageAttributeValue> attributes = m.messageAttributes();
        if (attributes != null && !attributes.isEmpty()) {
            g.writeObjectFieldStart("MessageAttributes");
            for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                attributeValue(g, e.getValue());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void attributeValue(JsonGenerator g, MessageAttributeValue v) throws IOException {
        string(g, "StringValue", v.stringValue());
        if (v.binaryValue() != null) {
            g.writeFieldName("BinaryValue");
            g.writeBinary(v.binaryValue());
        }
        if (v.stringListValues() != null && !v.stringListValues().isEmpty()) {
            stringList(g, "StringListValues", v.stringListValues(), false);
        }
        if (v.binaryListValues() != null && !v.binaryListValues().isEmpty()) {
            g.writeArrayFieldStart("BinaryListValues");
            for (byte[] b : v.binaryListValues()) {
                g.writeBinary(b);
            }
            g.writeEndArray();
        }
        string(g, "DataType", v.dataType());
    }

    private static void moveTask(JsonGenerator g, SqsResult.MoveTask t) throws IOException {
        g.writeStartObject();
        string(g, "TaskHandle", t.taskHandle());
        string(g, "Status", t.status());
        string(g, "SourceArn", t.sourceArn());
        string(g, "DestinationArn", t.destinationArn());
        if (t.maxNumberOfMessagesPerSecond() != null) {
            g.writeNumberField("MaxNumberOfMessagesPerSecond", t.maxNumberOfMessagesPerSecond().intValue());
        }
        g.writeNumberField("ApproximateNumberOfMessagesMoved", t.approximateNumberOfMessagesMoved());
        if (t.approximateNumberOfMessagesToMove() != null) {
            g.writeNumberField("ApproximateNumberOfMessagesToMove", t.approximateNumberOfMessagesToMove().longValue());
        }
        string(g, "FailureReason", t.failureReason());
        g.writeNumberField("StartedTimestamp", t.startedTimestamp());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void stringList(JsonGenerator g, String name, List<String> values, boolean evenIfEmpty)
            throws IOException {
        List<String> list = nonNull(values);
        if (list.isEmpty() && !evenIfEmpty) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (String s : list) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void stringMap(JsonGenerator g, String name, Map<String, String> map) throws IOException {
        if (map == null || map.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : map.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
