package sluice.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response: status, headers (besides Content-Length, which the server sets) and body, complete;
 * or, when {@code stream} is set, a streamed response: the head (status, headers) goes out first and
 * the stream then writes the body over time ({@code body} is ignored, no Content-Length).
 */
public record OutboundResponse(int status, Map<String, String> headers, byte[] body, ResponseStream stream) {

    public OutboundResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    public static OutboundResponse text(int status, String contentType, String body) {
        return new OutboundResponse(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    /** A streamed response (see {@link ResponseStream}). */
    public static OutboundResponse streamed(int status, Map<String, String> headers, ResponseStream stream) {
        return new OutboundResponse(status, headers, new byte[0], stream);
    }
}
