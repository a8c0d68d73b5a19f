package sluice.protocol.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the SigV4 canonical request:
 * <pre>
 * METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n \n SignedHeaders \n PayloadHash
 * </pre>
 * Canonical headers are the signed headers in {@code SignedHeaders} order, each {@code name:value} with the
 * value trimmed, inner white-space runs collapsed to one space, and repeated values joined by commas.
 */
final class CanonicalRequest {

    private CanonicalRequest() {
    }

    /** Everything up to and including the newline before the payload hash. */
    static String withoutPayloadHash(String method, String canonicalPath, String canonicalQuery,
                                     Map<String, List<String>> headers, String signedHeaders) {
        StringBuilder out = new StringBuilder(512);
        out.append(method).append('\n').append(canonicalPath).append('\n').append(canonicalQuery).append('\n');
        int start = 0;
        while (start <= signedHeaders.length()) {
            int end = signedHeaders.indexOf(';', start);
            if (end < 0) {
                end = signedHeaders.length();
            }
            String name = signedHeaders.substring(start, end).toLowerCase(Locale.ROOT);
            out.append(name).append(':');
            appendValues(out, headers == null ? null : headers.get(name));
            out.append('\n');
            start = end + 1;
        }
        out.append('\n').append(signedHeaders).append('\n');
        return out.toString();
    }

    private static void appendValues(StringBuilder out, List<String> values) {
        if (values == null) {
            return;
        }
        boolean first = true;
        for (String value : values) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendTrimmed(out, value);
        }
    }

    /** Appends {@code value} without leading/trailing white space and with inner runs collapsed to one space. */
    private static void appendTrimmed(StringBuilder out, String value) {
        if (value == null) {
            return;
        }
        boolean pendingSpace = false;
        boolean wroteAny = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhiteSpace(c)) {
                pendingSpace = wroteAny;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
                wroteAny = true;
            }
        }
    }

    /** The white space the AWS SDK's signer trims: space, tab, LF, VT, CR, FF. */
    private static boolean isWhiteSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f';
    }
}
