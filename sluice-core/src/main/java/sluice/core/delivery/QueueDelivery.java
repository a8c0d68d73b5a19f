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

    /**
     * Sends one message on behalf of an AWS service's resource (an SNS topic delivering to a
     * subscribed queue or to a subscription's dead-letter queue): as {@link #deliver(Arn, SqsRequest.SendEntry)},
     * but only when the queue's access policy allows {@code source} to {@code sqs:SendMessage}
     * ({@link ServicePrincipalPolicy}); otherwise it fails with AccessDenied. This default, for
     * ports without policies, does not check.
     */
    default CompletableFuture<String> deliver(Arn queueArn, SqsRequest.SendEntry message, DeliverySource source) {
        return deliver(queueArn, message);
    }
}
