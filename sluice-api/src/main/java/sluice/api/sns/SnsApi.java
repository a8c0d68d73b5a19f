package sluice.api.sns;

import java.util.concurrent.CompletableFuture;

/**
 * The SNS service as the protocol layer sees it: one request record in, one result record out.
 * Futures fail with {@link SnsException} for every AWS error; any other failure is a bug.
 */
public interface SnsApi {

    CompletableFuture<SnsResult> execute(SnsContext context, SnsRequest request);

    /**
     * The SMS and mobile push notifications that would have been sent, as a JSON list (oldest first),
     * for the management path {@code /_sluice/sns/outbox}; {@code []} when they go elsewhere.
     */
    default String outboxJson() {
        return "[]";
    }
}
