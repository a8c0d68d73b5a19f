package sluice.api.sqs;

import java.util.concurrent.CompletableFuture;

/**
 * The SQS service as the protocol layer sees it: one request record in, one result record out.
 * Futures fail with {@link SqsException} for every AWS error; any other failure is a bug.
 */
public interface SqsApi {

    CompletableFuture<SqsResult> execute(SqsContext context, SqsRequest request);
}
