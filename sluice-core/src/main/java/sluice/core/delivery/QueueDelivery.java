package sluice.core.delivery;

import java.util.concurrent.CompletableFuture;
import sluice.api.sqs.SqsRequest;
import sluice.common.Arn;

/**
 * The in-process port through which other services (SNS fan-out, later Firehose and EventBridge-like
 * features) put messages into SQS queues, without HTTP and without reaching into SQS storage.
 * A delivery is accepted exactly as a SendMessage from the queue's own account would be: same
 * validation, FIFO rules and durability (the future completes once the message is durable).
 */
public interface QueueDelivery {

    /**
     * Sends one message to the queue named by {@code queueArn}; completes with the message id, or
     * fails with an {@link sluice.api.sqs.SqsException} (for example QueueDoesNotExist).
     */
    CompletableFuture<String> deliver(Arn queueArn, SqsRequest.SendEntry message);
}
