package sluice.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SigV4's URI encoding (RFC 3986: everything but {@code A-Z a-z 0-9 - _ . ~} percent-encoded with upper-case
 * hex) and the canonical URI of non-S3 services.
 */
final class UriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            UNRESERVED[c] = true;
            UNRESERVED[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        UNRESERVED['-'] = true;
        UNRESERVED['_'] = true;
        UNRESERVED['.'] = true;
        UNRESERVED['~'] = true;
    }

    private UriEncoding() {
    }

    /** Appends {@code bytes} URI-encoded. */
    static void appendEncoded(StringBuilder out, byte[] bytes) {
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c < 128 && UNRESERVED[c]) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    /** Appends the UTF-8 bytes of {@code text} URI-encoded; ASCII-only unreserved text is appended as is. */
    static void appendEncoded(StringBuilder out, String text) {
        if (isUnreserved(text)) {
            out.append(text);
        } else {
            appendEncoded(out, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The bytes {@code text} stands for once its {@code %XX} escapes are decoded. Lenient: a {@code %} not
     * followed by two hex digits stays a literal {@code %}, and {@code +} stays a literal {@code +}.
     */
    static byte[] percentDecode(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (text.indexOf('%') < 0) {
            return raw;
        }
        byte[] out = new byte[raw.length];
        int n = 0;
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%' && i + 2 < raw.length) {
                int hi = hexValue(raw[i + 1]);
                int lo = hexValue(raw[i + 2]);
                if (hi >= 0 && lo >= 0) {
                    out[n++] = (byte) ((hi << 4) | lo);
                    i += 2;
                    continue;
                }
            }
            out[n++] = b;
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The canonical URI of a non-S3 request, computed as the AWS SDK signer does with {@code normalizePath}
     * and {@code doubleUrlEncode} on: the raw path is normalized the way {@link java.net.URI#normalize()}
     * does it (redundant slashes and {@code .}/{@code ..} segments removed), then each segment of the
     * still-encoded path is URI-encoded again. A trailing slash survives only if the sent path had one.
     */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = normalizedSegments(rawPath);
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(rawPath.length() + 16);
        for (String segment : segments) {
            out.append('/');
            appendEncoded(out, segment);
        }
        if (rawPath.endsWith("/")) {
            out.append('/');
        }
        return out.toString();
    }

    private static List<String> normalizedSegments(String path) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int length = path.length();
        while (start <= length) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            String segment = path.substring(start, end);
            if (segment.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else {
                    out.add(segment); // java.net.URI keeps a '..' that climbs above the root
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                out.add(segment);
            }
            start = end + 1;
        }
        return out;
    }

    private static boolean isUnreserved(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128 || !UNRESERVED[c]) {
                return false;
            }
        }
        return true;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }
}
