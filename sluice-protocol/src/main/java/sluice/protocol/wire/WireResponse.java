package sluice.protocol.wire;

import java.util.Map;

/**
 * A protocol-level HTTP response: status, the headers the dialect requires (content type, request
 * id, error headers) and the encoded body. The server adds transport headers (Content-Length, Date).
 * The body array is owned by the response; nobody mutates it after encoding.
 */
public record WireResponse(int status, Map<String, String> headers, byte[] body) {
}
