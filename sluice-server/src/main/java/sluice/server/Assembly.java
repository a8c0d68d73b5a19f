package sluice.server;

import java.util.concurrent.CompletableFuture;
import sluice.server.config.SluiceConfig;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;
import sluice.server.http.RequestHandler;

/**
 * Wires the parts of a running Sluice together from its configuration: the storage engine, the
 * services and the request dispatcher. Closing it flushes and closes the engine.
 */
public final class Assembly implements AutoCloseable {
    private final RequestHandler handler;

    private Assembly(RequestHandler handler) {
        this.handler = handler;
    }

    public static Assembly build(SluiceConfig config) {
        // placeholder until the SQS dispatcher lands
        return new Assembly(new RequestHandler() {
            @Override
            public CompletableFuture<OutboundResponse> handle(InboundRequest request) {
                return CompletableFuture.completedFuture(OutboundResponse.text(501, "text/plain", "not yet"));
            }

            @Override
            public OutboundResponse bodyTooLarge(InboundRequest headersOnly, long limitBytes) {
                return OutboundResponse.text(413, "text/plain", "too large");
            }
        });
    }

    public RequestHandler handler() {
        return handler;
    }

    @Override
    public void close() {
    }
}
