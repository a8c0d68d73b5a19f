package sluice.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete HTTP response: status, headers (besides Content-Length, which the server sets) and body. */
public record OutboundResponse(int status, Map<String, String> headers, byte[] body) {

    public static OutboundResponse text(int status, String contentType, String body) {
        return new OutboundResponse(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }
}
