package sluice.api.sqs;

import java.util.List;
import java.util.Map;

/**
 * One record per SQS operation, as decoded from either wire dialect (JSON 1.0 or query). Optional
 * members are null when absent; collections are never null (empty when absent). Nothing here knows
 * the wire or the storage.
 */
public sealed interface SqsRequest {

    /** The wire name of the operation, e.g. {@code SendMessage}. */
    default String operation() {
        return getClass().getSimpleName();
    }

    /** Most operations address one queue by URL; the rest return null. */
    default String queueUrl() {
        return null;
    }

    record CreateQueue(String queueName, Map<String, String> attributes, Map<String, String> tags) implements SqsRequest {
    }

    record GetQueueUrl(String queueName, String queueOwnerAwsAccountId) implements SqsRequest {
    }

    record ListQueues(String queueNamePrefix, Integer maxResults, String nextToken) implements SqsRequest {
    }

    record DeleteQueue(String queueUrl) implements SqsRequest {
    }

    record GetQueueAttributes(String queueUrl, List<String> attributeNames) implements SqsRequest {
    }

    record SetQueueAttributes(String queueUrl, Map<String, String> attributes) implements SqsRequest {
    }

    record SendMessage(String queueUrl, SendEntry entry) implements SqsRequest {
    }

    record SendMessageBatch(String queueUrl, List<SendBatchEntry> entries) implements SqsRequest {
    }

    record ReceiveMessage(String queueUrl, Integer maxNumberOfMessages, Integer visibilityTimeout,
                          Integer waitTimeSeconds, List<String> attributeNames,
                          List<String> messageSystemAttributeNames, List<String> messageAttributeNames,
                          String receiveRequestAttemptId) implements SqsRequest {
    }

    record DeleteMessage(String queueUrl, String receiptHandle) implements SqsRequest {
    }

    record DeleteMessageBatch(String queueUrl, List<ReceiptEntry> entries) implements SqsRequest {
    }

    record ChangeMessageVisibility(String queueUrl, String receiptHandle, Integer visibilityTimeout) implements SqsRequest {
    }

    record ChangeMessageVisibilityBatch(String queueUrl, List<VisibilityEntry> entries) implements SqsRequest {
    }

    record PurgeQueue(String queueUrl) implements SqsRequest {
    }

    record TagQueue(String queueUrl, Map<String, String> tags) implements SqsRequest {
    }

    record UntagQueue(String queueUrl, List<String> tagKeys) implements SqsRequest {
    }

    record ListQueueTags(String queueUrl) implements SqsRequest {
    }

    record AddPermission(String queueUrl, String label, List<String> awsAccountIds, List<String> actions) implements SqsRequest {
    }

    record RemovePermission(String queueUrl, String label) implements SqsRequest {
    }

    record ListDeadLetterSourceQueues(String queueUrl, Integer maxResults, String nextToken) implements SqsRequest {
    }

    record StartMessageMoveTask(String sourceArn, String destinationArn, Integer maxNumberOfMessagesPerSecond) implements SqsRequest {
    }

    record CancelMessageMoveTask(String taskHandle) implements SqsRequest {
    }

    record ListMessageMoveTasks(String sourceArn, Integer maxResults) implements SqsRequest {
    }

    /** The body and attributes of one message to send, shared by SendMessage and its batch entries. */
    record SendEntry(String messageBody, Integer delaySeconds, Map<String, MessageAttributeValue> messageAttributes,
                     Map<String, MessageAttributeValue> messageSystemAttributes, String messageDeduplicationId,
                     String messageGroupId) {
    }

    record SendBatchEntry(String id, SendEntry entry) {
    }

    record ReceiptEntry(String id, String receiptHandle) {
    }

    record VisibilityEntry(String id, String receiptHandle, Integer visibilityTimeout) {
    }
}
