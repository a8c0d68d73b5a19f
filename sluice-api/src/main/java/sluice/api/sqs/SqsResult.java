package sluice.api.sqs;

import java.util.List;
import java.util.Map;

/** One result record per SQS operation; the encoders turn them into JSON or XML. */
public sealed interface SqsResult {

    /** Operations whose response carries no members (DeleteQueue, TagQueue, …). */
    record Empty() implements SqsResult {
    }

    record QueueUrl(String queueUrl) implements SqsResult {
    }

    record QueueUrls(List<String> queueUrls, String nextToken) implements SqsResult {
    }

    record Attributes(Map<String, String> attributes) implements SqsResult {
    }

    record Tags(Map<String, String> tags) implements SqsResult {
    }

    record SendMessage(String messageId, String md5OfMessageBody, String md5OfMessageAttributes,
                       String md5OfMessageSystemAttributes, String sequenceNumber) implements SqsResult {
    }

    record SendMessageBatch(List<SendBatchSuccess> successful, List<BatchFailure> failed) implements SqsResult {
    }

    record ReceiveMessage(List<ReceivedMessage> messages) implements SqsResult {
    }

    /** DeleteMessageBatch and ChangeMessageVisibilityBatch: the ids that succeeded and those that failed. */
    record IdBatch(List<String> successful, List<BatchFailure> failed) implements SqsResult {
    }

    record StartMessageMoveTask(String taskHandle) implements SqsResult {
    }

    record CancelMessageMoveTask(long approximateNumberOfMessagesMoved) implements SqsResult {
    }

    record ListMessageMoveTasks(List<MoveTask> results) implements SqsResult {
    }

    record SendBatchSuccess(String id, SendMessage result) {
    }

    record BatchFailure(String id, boolean senderFault, String code, String message) {
    }

    record ReceivedMessage(String messageId, String receiptHandle, String md5OfBody, String body,
                           Map<String, String> attributes, String md5OfMessageAttributes,
                           Map<String, MessageAttributeValue> messageAttributes) {
    }

    record MoveTask(String taskHandle, String status, String sourceArn, String destinationArn,
                    Integer maxNumberOfMessagesPerSecond, long approximateNumberOfMessagesMoved,
                    Long approximateNumberOfMessagesToMove, String failureReason, long startedTimestamp) {
    }
}
