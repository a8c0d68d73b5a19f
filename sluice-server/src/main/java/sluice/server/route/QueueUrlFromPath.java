package sluice.server.route;

import sluice.api.sqs.SqsRequest;

/**
 * Both SQS dialects accept the queue URL in the request path ({@code POST /000000000000/orders})
 * instead of the body. When the body names none, the path's URL is put into the request record.
 */
final class QueueUrlFromPath {

    private QueueUrlFromPath() {
    }

    static SqsRequest apply(SqsRequest request, String url) {
        if (url == null || request.queueUrl() != null) {
            return request;
        }
        return switch (request) {
            case SqsRequest.DeleteQueue r -> new SqsRequest.DeleteQueue(url);
            case SqsRequest.GetQueueAttributes r -> new SqsRequest.GetQueueAttributes(url, r.attributeNames());
            case SqsRequest.SetQueueAttributes r -> new SqsRequest.SetQueueAttributes(url, r.attributes());
            case SqsRequest.SendMessage r -> new SqsRequest.SendMessage(url, r.entry());
            case SqsRequest.SendMessageBatch r -> new SqsRequest.SendMessageBatch(url, r.entries());
            case SqsRequest.ReceiveMessage r -> new SqsRequest.ReceiveMessage(url, r.maxNumberOfMessages(), r.visibilityTimeout(),
                    r.waitTimeSeconds(), r.attributeNames(), r.messageSystemAttributeNames(), r.messageAttributeNames(),
                    r.receiveRequestAttemptId());
            case SqsRequest.DeleteMessage r -> new SqsRequest.DeleteMessage(url, r.receiptHandle());
            case SqsRequest.DeleteMessageBatch r -> new SqsRequest.DeleteMessageBatch(url, r.entries());
            case SqsRequest.ChangeMessageVisibility r -> new SqsRequest.ChangeMessageVisibility(url, r.receiptHandle(), r.visibilityTimeout());
            case SqsRequest.ChangeMessageVisibilityBatch r -> new SqsRequest.ChangeMessageVisibilityBatch(url, r.entries());
            case SqsRequest.PurgeQueue r -> new SqsRequest.PurgeQueue(url);
            case SqsRequest.TagQueue r -> new SqsRequest.TagQueue(url, r.tags());
            case SqsRequest.UntagQueue r -> new SqsRequest.UntagQueue(url, r.tagKeys());
            case SqsRequest.ListQueueTags r -> new SqsRequest.ListQueueTags(url);
            case SqsRequest.AddPermission r -> new SqsRequest.AddPermission(url, r.label(), r.awsAccountIds(), r.actions());
            case SqsRequest.RemovePermission r -> new SqsRequest.RemovePermission(url, r.label());
            case SqsRequest.ListDeadLetterSourceQueues r -> new SqsRequest.ListDeadLetterSourceQueues(url, r.maxResults(), r.nextToken());
            default -> request;
        };
    }
}
