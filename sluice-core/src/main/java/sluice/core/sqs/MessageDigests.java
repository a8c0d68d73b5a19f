package sluice.core.sqs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import sluice.api.sqs.MessageAttributeValue;

/**
 * The MD5 digests SQS returns and the SDKs verify: of the body (its UTF-8 bytes) and of the message
 * (or system) attributes, the latter over the attributes sorted by name, each encoded as
 * length-prefixed name, length-prefixed data type, a transport byte (1 string, 2 binary) and the
 * length-prefixed value, with 4-byte big-endian lengths.
 */
public final class MessageDigests {
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every JDK", e);
        }
    });

    private MessageDigests() {
    }

    public static String ofBody(String body) {
        return hex(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The attributes digest, or null when there are no attributes (AWS then omits the member). */
    public static String ofAttributes(Map<String, MessageAttributeValue> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, MessageAttributeValue> e : new TreeMap<>(attributes).entrySet()) {
            MessageAttributeValue v = e.getValue();
            writeLengthPrefixed(out, e.getKey().getBytes(StandardCharsets.UTF_8));
            writeLengthPrefixed(out, v.dataType().getBytes(StandardCharsets.UTF_8));
            if (v.isBinary()) {
                out.write(2);
                writeLengthPrefixed(out, v.binaryValue() == null ? new byte[0] : v.binaryValue());
            } else {
                out.write(1);
                writeLengthPrefixed(out, v.stringValue() == null ? new byte[0] : v.stringValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return hex(out.toByteArray());
    }

    private static void writeLengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        int n = bytes.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.write(bytes, 0, n);
    }

    private static String hex(byte[] bytes) {
        MessageDigest md5 = MD5.get();
        md5.reset();
        return HexFormat.of().formatHex(md5.digest(bytes));
    }
}
