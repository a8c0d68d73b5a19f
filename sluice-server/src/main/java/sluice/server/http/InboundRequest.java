package sluice.server.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One complete HTTP request as the dispatcher sees it, free of Netty types. Header names are
 * lower-case; {@code rawPath} and {@code rawQuery} are exactly as sent (still percent-encoded), as
 * SigV4 needs them. {@code replies} is the executor the response will be written on (the
 * connection's event loop): a handler that encodes its answer there spares the thread that
 * completed the work (a storage committer, a lane) and a hop.
 */
public record InboundRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                             byte[] body, String remoteAddress, boolean secure, Executor replies) {

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
