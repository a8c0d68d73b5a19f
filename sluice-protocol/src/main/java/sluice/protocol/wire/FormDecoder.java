package sluice.protocol.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (query strings and form bodies of the
 * AWS query protocol) into an ordered multimap.
 *
 * <p>Design: one pass over the input; a segment without {@code %} or {@code +} is taken as a plain
 * substring, so the common case allocates only the key and value strings. Escapes are collected
 * into a byte array and decoded as strict UTF-8: a malformed {@code %} escape or an invalid UTF-8
 * sequence throws {@link IllegalArgumentException} (the caller answers MalformedQueryString).
 * Empty segments ({@code a=1&&b=2}) are skipped; a key without {@code =} has the value "".
 * Stateless and thread-safe.
 */
public final class FormDecoder {

    private FormDecoder() {
    }

    public static Map<String, List<String>> parse(String urlEncoded) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (urlEncoded == null || urlEncoded.isEmpty()) {
            return result;
        }
        int length = urlEncoded.length();
        int start = 0;
        while (start <= length) {
            int end = urlEncoded.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int eq = urlEncoded.indexOf('=', start);
                String key;
                String value;
                if (eq < 0 || eq > end) {
                    key = decode(urlEncoded, start, end);
                    value = "";
                } else {
                    key = decode(urlEncoded, start, eq);
                    value = decode(urlEncoded, eq + 1, end);
                }
                result.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return result;
    }

    /** Decodes {@code s[from, to)}: '+' is a space, %XX a byte of UTF-8. */
    static String decode(String s, int from, int to) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                break;
            }
            i++;
        }
        if (i == to) {
            return s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        out.append(s, from, i);
        byte[] bytes = null;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '+') {
                out.append(' ');
                i++;
            } else if (c == '%') {
                if (bytes == null) {
                    bytes = new byte[(to - i) / 3];
                }
                int n = 0;
                while (i < to && s.charAt(i) == '%') {
                    if (i + 2 >= to) {
                        throw new IllegalArgumentException("Malformed percent-encoding at index " + i);
                    }
                    int hi = Character.digit(s.charAt(i + 1), 16);
                    int lo = Character.digit(s.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        throw new IllegalArgumentException("Malformed percent-encoding at index " + i);
                    }
                    bytes[n++] = (byte) ((hi << 4) | lo);
                    i += 3;
                }
                out.append(utf8(bytes, n));
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static CharBuffer utf8(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Percent-encoded bytes are not valid UTF-8", e);
        }
    }
}
