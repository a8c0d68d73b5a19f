package sluice.protocol.auth;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it arrived on the wire, reduced to what SigV4 verification needs.
 *
 * @param method   the HTTP method, e.g. {@code POST}
 * @param rawPath  the request path exactly as sent, still percent-encoded (no query string)
 * @param rawQuery the query string exactly as sent, still percent-encoded, without the leading {@code ?};
 *                 may be {@code null} or empty
 * @param headers  header values by lower-case header name; a header sent several times has several values
 * @param body     the request body; may be {@code null} for an empty body
 */
public record SignedRequest(String method, String rawPath, String rawQuery,
                            Map<String, List<String>> headers, byte[] body) {
}
