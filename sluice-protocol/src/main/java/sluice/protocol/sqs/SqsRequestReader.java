package sluice.protocol.sqs;

import static sluice.protocol.sqs.Member.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;

/**
 * Builds {@link SqsRequest} records from {@link Params}, shared by both dialects.
 *
 * <p>Design: one switch on the operation name; each case reads its members and checks the
 * required ones of the SQS model (sqs-operations.tsv plus the required members of batch
 * entries). QueueUrl is the exception: it is left null when absent because the dispatcher may take
 * it from the request path, and the service reports it missing. Absent collections become empty
 * ones, as the records promise. Stateless.
 */
final class SqsRequestReader {

    private SqsRequestReader() {
    }

    /** Every operation {@link #read} knows, so a decoder can reject an unknown one before parsing. */
    static final Set<String> OPERATIONS = Set.of("CreateQueue", "GetQueueUrl", "ListQueues", "DeleteQueue",
            "GetQueueAttributes", "SetQueueAttributes", "SendMessage", "SendMessageBatch", "ReceiveMessage",
            "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch",
            "PurgeQueue", "TagQueue", "UntagQueue", "ListQueueTags", "AddPermission", "RemovePermission",
            "ListDeadLetterSourceQueues", "StartMessageMoveTask", "CancelMessageMoveTask", "ListMessageMoveTasks");

    static SqsException invalidAction(String operation) {
        return SqsError.INVALID_ACTION.error("The action " + operation + " is not valid for this endpoint.");
    }

    static SqsRequest read(String operation, Params p) {
        return switch (operation) {
            case "CreateQueue" -> {
                Map<String, String> tags = p.stringMap(CREATE_TAGS);
                if (tags == null) {
                    tags = p.stringMap(TAGS);
                }
                yield new SqsRequest.CreateQueue(required(p, QUEUE_NAME, p.string(QUEUE_NAME)),
                        orEmpty(p.stringMap(ATTRIBUTES)), orEmpty(tags));
            }
            case "GetQueueUrl" -> new SqsRequest.GetQueueUrl(required(p, QUEUE_NAME, p.string(QUEUE_NAME)),
                    p.string(QUEUE_OWNER_AWS_ACCOUNT_ID));
            case "ListQueues" -> new SqsRequest.ListQueues(p.string(QUEUE_NAME_PREFIX), p.integer(MAX_RESULTS),
                    p.string(NEXT_TOKEN));
            case "DeleteQueue" -> new SqsRequest.DeleteQueue(p.string(QUEUE_URL));
            case "GetQueueAttributes" -> new SqsRequest.GetQueueAttributes(p.string(QUEUE_URL),
                    orEmpty(p.strings(ATTRIBUTE_NAMES)));
            case "SetQueueAttributes" -> new SqsRequest.SetQueueAttributes(p.string(QUEUE_URL),
                    required(p, ATTRIBUTES, p.stringMap(ATTRIBUTES)));
            case "SendMessage" -> new SqsRequest.SendMessage(p.string(QUEUE_URL), sendEntry(p));
            case "SendMessageBatch" -> {
                List<Params> entries = required(p, SEND_ENTRIES, p.entries(SEND_ENTRIES));
                List<SqsRequest.SendBatchEntry> out = new ArrayList<>(entries.size());
                for (Params e : entries) {
                    out.add(new SqsRequest.SendBatchEntry(required(e, ID, e.string(ID)), sendEntry(e)));
                }
                yield new SqsRequest.SendMessageBatch(p.string(QUEUE_URL), out);
            }
            case "ReceiveMessage" -> new SqsRequest.ReceiveMessage(p.string(QUEUE_URL),
                    p.integer(MAX_NUMBER_OF_MESSAGES), p.integer(VISIBILITY_TIMEOUT), p.integer(WAIT_TIME_SECONDS),
                    orEmpty(p.strings(ATTRIBUTE_NAMES)), orEmpty(p.strings(MESSAGE_SYSTEM_ATTRIBUTE_NAMES)),
                    orEmpty(p.strings(MESSAGE_ATTRIBUTE_NAMES)), p.string(RECEIVE_REQUEST_ATTEMPT_ID));
            case "DeleteMessage" -> new SqsRequest.DeleteMessage(p.string(QUEUE_URL),
                    required(p, RECEIPT_HANDLE, p.string(RECEIPT_HANDLE)));
            case "DeleteMessageBatch" -> {
                List<Params> entries = required(p, DELETE_ENTRIES, p.entries(DELETE_ENTRIES));
                List<SqsRequest.ReceiptEntry> out = new ArrayList<>(entries.size());
                for (Params e : entries) {
                    out.add(new SqsRequest.ReceiptEntry(required(e, ID, e.string(ID)),
                            required(e, RECEIPT_HANDLE, e.string(RECEIPT_HANDLE))));
                }
                yield new SqsRequest.DeleteMessageBatch(p.string(QUEUE_URL), out);
            }
            case "ChangeMessageVisibility" -> new SqsRequest.ChangeMessageVisibility(p.string(QUEUE_URL),
                    required(p, RECEIPT_HANDLE, p.string(RECEIPT_HANDLE)),
                    required(p, VISIBILITY_TIMEOUT, p.integer(VISIBILITY_TIMEOUT)));
            case "ChangeMessageVisibilityBatch" -> {
                List<Params> entries = required(p, VISIBILITY_ENTRIES, p.entries(VISIBILITY_ENTRIES));
                List<SqsRequest.VisibilityEntry> out = new ArrayList<>(entries.size());
                for (Params e : entries) {
                    out.add(new SqsRequest.VisibilityEntry(required(e, ID, e.string(ID)),
                            required(e, RECEIPT_HANDLE, e.string(RECEIPT_HANDLE)), e.integer(VISIBILITY_TIMEOUT)));
                }
                yield new SqsRequest.ChangeMessageVisibilityBatch(p.string(QUEUE_URL), out);
            }
            case "PurgeQueue" -> new SqsRequest.PurgeQueue(p.string(QUEUE_URL));
            case "TagQueue" -> new SqsRequest.TagQueue(p.string(QUEUE_URL), required(p, TAGS, p.stringMap(TAGS)));
            case "UntagQueue" -> new SqsRequest.UntagQueue(p.string(QUEUE_URL),
                    required(p, TAG_KEYS, p.strings(TAG_KEYS)));
            case "ListQueueTags" -> new SqsRequest.ListQueueTags(p.string(QUEUE_URL));
            case "AddPermission" -> new SqsRequest.AddPermission(p.string(QUEUE_URL),
                    required(p, LABEL, p.string(LABEL)), required(p, AWS_ACCOUNT_IDS, p.strings(AWS_ACCOUNT_IDS)),
                    required(p, ACTIONS, p.strings(ACTIONS)));
            case "RemovePermission" -> new SqsRequest.RemovePermission(p.string(QUEUE_URL),
                    required(p, LABEL, p.string(LABEL)));
            case "ListDeadLetterSourceQueues" -> new SqsRequest.ListDeadLetterSourceQueues(p.string(QUEUE_URL),
                    p.integer(MAX_RESULTS), p.string(NEXT_TOKEN));
            case "StartMessageMoveTask" -> new SqsRequest.StartMessageMoveTask(
                    required(p, SOURCE_ARN, p.string(SOURCE_ARN)), p.string(DESTINATION_ARN),
                    p.integer(MAX_NUMBER_OF_MESSAGES_PER_SECOND));
            case "CancelMessageMoveTask" -> new SqsRequest.CancelMessageMoveTask(
                    required(p, TASK_HANDLE, p.string(TASK_HANDLE)));
            case "ListMessageMoveTasks" -> new SqsRequest.ListMessageMoveTasks(
                    required(p, SOURCE_ARN, p.string(SOURCE_ARN)), p.integer(MAX_RESULTS));
            default -> throw invalidAction(operation);
        };
    }

    private static SqsRequest.SendEntry sendEntry(Params p) {
        return new SqsRequest.SendEntry(required(p, MESSAGE_BODY, p.string(MESSAGE_BODY)), p.integer(DELAY_SECONDS),
                orEmpty(p.attributeMap(MESSAGE_ATTRIBUTES)), orEmpty(p.attributeMap(MESSAGE_SYSTEM_ATTRIBUTES)),
                p.string(MESSAGE_DEDUPLICATION_ID), p.string(MESSAGE_GROUP_ID));
    }

    private static <T> T required(Params p, Member member, T value) {
        if (value == null) {
            throw SqsException.missingParameter(p.path(member));
        }
        return value;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
