package sluice.api.kinesis;

import java.util.concurrent.CompletableFuture;

/**
 * Kinesis Data Streams as the protocol layer sees it: one request record in, one result record
 * out. Futures fail with {@link KinesisException} for every AWS error; any other failure is a bug.
 *
 * <p>Extension point: SubscribeToShard (enhanced fan-out over an HTTP/2 event stream) is not a
 * request/response call and is not part of this interface; it will get its own port taking a
 * subscriber (a sink of events) rather than returning one result.
 */
public interface KinesisApi {

    CompletableFuture<KinesisResult> execute(KinesisContext context, KinesisRequest request);
}
