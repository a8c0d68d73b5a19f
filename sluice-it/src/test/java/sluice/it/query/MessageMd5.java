package sluice.it.query;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digests SQS returns, computed independently of the server from AWS's documentation
 * ("Calculating the MD5 message digest for message attributes"): for each attribute in ascending
 * order of name, the name, the data type and the value, each as a 4-byte big-endian length followed
 * by its bytes (UTF-8 for text), with one transport byte before the value: 1 for String/Number
 * (and their custom subtypes), 2 for Binary. The body digest is MD5 of its UTF-8 bytes.
 */
final class MessageMd5 {

    /** A message attribute as the test sent it. */
    record Attr(String dataType, String stringValue, byte[] binaryValue) {
        static Attr string(String dataType, String value) {
            return new Attr(dataType, value, null);
        }

        static Attr binary(String dataType, byte[] value) {
            return new Attr(dataType, null, value);
        }
    }

    private MessageMd5() {
    }

    static String ofBody(String body) {
        return hex(md5(body.getBytes(StandardCharsets.UTF_8)));
    }

    static String ofAttributes(Map<String, Attr> attributes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, Attr> e : new TreeMap<>(attributes).entrySet()) {
            Attr a = e.getValue();
            lengthPrefixed(out, e.getKey().getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(out, a.dataType().getBytes(StandardCharsets.UTF_8));
            if (a.dataType().startsWith("Binary")) {
                out.write(2);
                lengthPrefixed(out, a.binaryValue());
            } else {
                out.write(1);
                lengthPrefixed(out, a.stringValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return hex(md5(out.toByteArray()));
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
