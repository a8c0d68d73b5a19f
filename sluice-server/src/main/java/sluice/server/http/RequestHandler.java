package sluice.server.http;

import java.util.concurrent.CompletableFuture;

/**
 * What the network layer hands complete requests to. Implementations must not block the calling
 * (event loop) thread: they return a future that completes, on any thread, with the response.
 */
public interface RequestHandler {

    CompletableFuture<OutboundResponse> handle(InboundRequest request);

    /**
     * The response for a request whose body exceeds the configured cap, decided from its headers
     * alone (the body is not read), in the dialect the headers announce.
     */
    OutboundResponse bodyTooLarge(InboundRequest headersOnly, long limitBytes);
}
