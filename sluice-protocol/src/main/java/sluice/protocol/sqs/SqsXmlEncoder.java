package sluice.protocol.sqs;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sluice.api.sqs.MessageAttributeValue;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsResult;
import sluice.protocol.wire.QueryEnvelope;
import sluice.protocol.wire.WireResponse;
import sluice.protocol.wire.XmlWriter;

/**
 * Encodes SQS results and errors as query-protocol XML responses.
 *
 * <p>Design: {@code <OpResponse xmlns=…><OpResult>…</OpResult><ResponseMetadata><RequestId>…}
 * written with {@link XmlWriter}; operations the model gives no output (DeleteQueue,
 * SetQueueAttributes, DeleteMessage, …) have no Result element. Lists and maps are flattened
 * as in the SQS query model: repeated {@code <QueueUrl>}, {@code <Attribute><Name/><Value/>},
 * {@code <Tag><Key/><Value/>}, {@code <Message>}, {@code <MessageAttribute><Name/><Value>…},
 * {@code <SendMessageBatchResultEntry>}, {@code <BatchResultErrorEntry>}, … The batch result entry
 * element depends on the operation, which is why encode takes it. Errors are
 * {@code <ErrorResponse><Error><Type/><Code/><Message/><Detail/></Error><RequestId/>}. Stateless.
 */
final class SqsXmlEncoder {
    private static final QueryEnvelope ENVELOPE = new QueryEnvelope("http://queue.amazonaws.com/doc/2012-11-05/");
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    /** Operations whose response has no Result element. */
    private static final Set<String> NO_RESULT = Set.of("AddPermission", "ChangeMessageVisibility",
            "DeleteMessage", "DeleteQueue", "PurgeQueue", "RemovePermission", "SetQueueAttributes", "TagQueue",
            "UntagQueue");

    WireResponse encode(String operation, SqsResult result, String requestId) {
        return ENVELOPE.success(operation, requestId, false,
                NO_RESULT.contains(operation) ? null : w -> writeResult(w, operation, result));
    }

    WireResponse encodeError(SqsException error, String requestId) {
        SqsError kind = error.error();
        return ENVELOPE.error(kind.httpStatus(), kind.senderFault(), kind.queryCode(), error.getMessage(), true, requestId);
    }

    private static void writeResult(XmlWriter w, String operation, SqsResult result) {
        switch (result) {
            case SqsResult.Empty e -> {
            }
            case SqsResult.QueueUrl r -> w.element("QueueUrl", r.queueUrl());
            case SqsResult.QueueUrls r -> {
                for (String url : nonNull(r.queueUrls())) {
                    w.element("QueueUrl", url);
                }
                w.element("NextToken", r.nextToken());
            }
            case SqsResult.Attributes r -> map(w, "Attribute", "Name", "Value", r.attributes());
            case SqsResult.Tags r -> map(w, "Tag", "Key", "Value", r.tags());
            case SqsResult.SendMessage r -> sendResult(w, r);
            case SqsResult.SendMessageBatch r -> {
                for (SqsResult.SendBatchSuccess s : nonNull(r.successful())) {
                    w.open("SendMessageBatchResultEntry").element("Id", s.id());
                    sendResult(w, s.result());
                    w.close("SendMessageBatchResultEntry");
                }
                failures(w, r.failed());
            }
            case SqsResult.IdBatch r -> {
                String entry = operation + "ResultEntry";
                for (String id : nonNull(r.successful())) {
                    w.open(entry).element("Id", id).close(entry);
                }
                failures(w, r.failed());
            }
            case SqsResult.ReceiveMessage r -> {
                for (SqsResult.ReceivedMessage m : nonNull(r.messages())) {
                    message(w, m);
                }
            }
            case SqsResult.StartMessageMoveTask r -> w.element("TaskHandle", r.taskHandle());
            case SqsResult.CancelMessageMoveTask r ->
                    w.element("ApproximateNumberOfMessagesMoved", r.approximateNumberOfMessagesMoved());
            case SqsResult.ListMessageMoveTasks r -> {
                for (SqsResult.MoveTask t : nonNull(r.results())) {
                    moveTask(w, t);
                }
            }
        }
    }

    private static void sendResult(XmlWriter w, SqsResult.SendMessage r) {
        w.element("MessageId", r.messageId())
                .element("MD5OfMessageBody", r.md5OfMessageBody())
                .element("MD5OfMessageAttributes", r.md5OfMessageAttributes())
                .element("MD5OfMessageSystemAttributes", r.md5OfMessageSystemAttributes())
                .element("SequenceNumber", r.sequenceNumber());
    }

    private static void failures(XmlWriter w, List<SqsResult.BatchFailure> failed) {
        for (SqsResult.BatchFailure f : nonNull(failed)) {
            w.open("BatchResultErrorEntry")
                    .element("Id", f.id())
                    .element("SenderFault", f.senderFault())
                    .element("Code", f.code())
                    .element("Message", f.message())
                    .close("BatchResultErrorEntry");
        }
    }

    private static void message(XmlWriter w, SqsResult.ReceivedMessage m) {
        w.open("Message")
                .element("MessageId", m.messageId())
                .element("ReceiptHandle", m.receiptHandle())
                .element("MD5OfBody", m.md5OfBody())
                .element("Body", m.body());
        map(w, "Attribute", "Name", "Value", m.attributes());
        w.element("MD5OfMessageAttributes", m.md5OfMessageAttributes());
        if (m.messageAttributes() != null) {
            for (Map.Entry<String, MessageAttributeValue> e : m.messageAttributes().entrySet()) {
                w.open("MessageAttribute").element("Name", e.getKey()).open("Value");
                attributeValue(w, e.getValue());
                w.close("Value").close("MessageAttribute");
            }
        }
        w.close("Message");
    }

    private static void attributeValue(XmlWriter w, MessageAttributeValue v) {
        w.element("StringValue", v.stringValue());
        if (v.binaryValue() != null) {
            w.element("BinaryValue", BASE64.encodeToString(v.binaryValue()));
        }
        if (v.stringListValues() != null) {
            for (String s : v.stringListValues()) {
                w.element("StringListValue", s);
            }
        }
        if (v.binaryListValues() != null) {
            for (byte[] b : v.binaryListValues()) {
                w.element("BinaryListValue", BASE64.encodeToString(b));
            }
        }
        w.element("DataType", v.dataType());
    }

    private static void moveTask(XmlWriter w, SqsResult.MoveTask t) {
        w.open("ListMessageMoveTasksResultEntry")
                .element("TaskHandle", t.taskHandle())
                .element("Status", t.status())
                .element("SourceArn", t.sourceArn())
                .element("DestinationArn", t.destinationArn());
        if (t.maxNumberOfMessagesPerSecond() != null) {
            w.element("MaxNumberOfMessagesPerSecond", t.maxNumberOfMessagesPerSecond().longValue());
        }
        w.element("ApproximateNumberOfMessagesMoved", t.approximateNumberOfMessagesMoved());
        if (t.approximateNumberOfMessagesToMove() != null) {
            w.element("ApproximateNumberOfMessagesToMove", t.approximateNumberOfMessagesToMove().longValue());
        }
        w.element("FailureReason", t.failureReason())
                .element("StartedTimestamp", t.startedTimestamp())
                .close("ListMessageMoveTasksResultEntry");
    }

    private static void map(XmlWriter w, String entry, String key, String value, Map<String, String> map) {
        if (map == null) {
            return;
        }
        for (Map.Entry<String, String> e : map.entrySet()) {
            w.open(entry).element(key, e.getKey()).element(value, e.getValue()).close(entry);
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
