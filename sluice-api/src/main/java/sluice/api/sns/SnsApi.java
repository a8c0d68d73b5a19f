package sluice.api.sns;

import java.util.concurrent.CompletableFuture;

/**
 * The SNS service as the protocol layer sees it: one request record in, one result record out.
 * Futures fail with {@link SnsException} for every AWS error; any other failure is a bug.
 */
public interface SnsApi {

    CompletableFuture<SnsResult> execute(SnsContext context, SnsRequest request);
}
