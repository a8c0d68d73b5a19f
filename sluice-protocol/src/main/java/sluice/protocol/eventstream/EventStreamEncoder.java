package sluice.protocol.eventstream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Frames one message of an AWS event stream ({@code application/vnd.amazon.eventstream}):
 *
 * <pre>
 * total length (4) ‖ headers length (4) ‖ prelude CRC32 (4) ‖ headers ‖ payload ‖ message CRC32 (4)
 * header = name length (1) ‖ name (UTF-8) ‖ value type (1; 7 = string) ‖ value length (2) ‖ value (UTF-8)
 * </pre>
 *
 * All integers big-endian; the prelude CRC covers the first 8 bytes, the message CRC everything
 * before it. Only string headers are written: the event-stream headers AWS services send
 * ({@code :message-type}, {@code :event-type}, {@code :exception-type}, {@code :content-type}) are all strings.
 */
public final class EventStreamEncoder {
    private static final int PRELUDE = 12;
    private static final int CRC = 4;
    private static final byte STRING = 7;
    /** AWS's limits: 16 MB per message, 128 KB of headers. */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;
    static final int MAX_HEADERS = 128 * 1024;

    private EventStreamEncoder() {
    }

    /** One message: headers in the map's iteration order, then the payload. */
    public static byte[] message(Map<String, String> headers, byte[] payload) {
        int headersLength = 0;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            headersLength += 1 + utf8(h.getKey()).length + 1 + 2 + utf8(h.getValue()).length;
        }
        int total = PRELUDE + headersLength + payload.length + CRC;
        if (headersLength > MAX_HEADERS || total > MAX_MESSAGE) {
            throw new IllegalArgumentException("event-stream message too large: " + total + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        out.putInt(total).putInt(headersLength).putInt((int) crc(out.array(), 0, 8));
        for (Map.Entry<String, String> h : headers.entrySet()) {
            byte[] name = utf8(h.getKey());
            byte[] value = utf8(h.getValue());
            if (name.length > 255 || value.length > 65_535) {
                throw new IllegalArgumentException("event-stream header too long: " + h.getKey());
            }
            out.put((byte) name.length).put(name).put(STRING).putShort((short) value.length).put(value);
        }
        out.put(payload);
        out.putInt((int) crc(out.array(), 0, total - CRC));
        return out.array();
    }

    private static long crc(byte[] bytes, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, length);
        return crc.getValue();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
