package sluice.server.route;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import sluice.server.http.InboundRequest;

/**
 * Encodes a service's answer on the thread that will write it. Services complete their futures
 * wherever the work ended (often the storage committer, whose next group commit waits meanwhile);
 * encoding is real work, so it moves to the request's {@link InboundRequest#replies()} executor,
 * which is the hop the response needs anyway. An answer that is already there is encoded at once.
 */
final class Replies {
    private Replies() {
    }

    static <T, R> CompletableFuture<R> encode(InboundRequest request, CompletableFuture<T> outcome,
                                              BiFunction<? super T, Throwable, ? extends R> encoder) {
        if (outcome.isDone() || request.replies() == null) {
            return outcome.handle(encoder);
        }
        return outcome.handleAsync(encoder, request.replies());
    }
}
