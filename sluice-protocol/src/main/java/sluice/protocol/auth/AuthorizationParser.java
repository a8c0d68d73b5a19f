package sluice.protocol.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link SignatureClaim} from either the {@code Authorization: AWS4-HMAC-SHA256 ...} header or the
 * presigned {@code X-Amz-*} query parameters. Checks syntax only; anything malformed becomes a
 * {@link Rejection} carrying the message AWS gives for it.
 */
final class AuthorizationParser {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final long MAX_EXPIRES_SECONDS = 604_800; // 7 days

    private static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
    private static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
    static final String X_AMZ_SIGNATURE = "X-Amz-Signature";
    private static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    private static final String X_AMZ_DATE = "X-Amz-Date";
    private static final String X_AMZ_EXPIRES = "X-Amz-Expires";

    private AuthorizationParser() {
    }

    static SignatureClaim parse(Map<String, List<String>> headers, List<QueryParameter> query) {
        String authorization = header(headers, "authorization");
        if (authorization != null && authorization.isBlank()) {
            authorization = null;
        }
        boolean presigned = QueryParameter.first(query, X_AMZ_ALGORITHM) != null
                || QueryParameter.first(query, X_AMZ_CREDENTIAL) != null
                || QueryParameter.first(query, X_AMZ_SIGNATURE) != null;
        if (authorization != null && presigned) {
            throw new Rejection(AuthFailure.INCOMPLETE_SIGNATURE, "Only one auth mechanism allowed; only the "
                    + "X-Amz-Algorithm query parameter or the Authorization header should be specified");
        }
        if (presigned) {
            return parseQuery(query);
        }
        if (authorization != null) {
            return parseHeader(authorization, headers, query);
        }
        throw new Rejection(AuthFailure.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token");
    }

    private static SignatureClaim parseHeader(String authorization, Map<String, List<String>> headers,
                                              List<QueryParameter> query) {
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        List<String> tokens = components(authorization.trim());
        boolean sigV4 = !tokens.isEmpty() && tokens.getFirst().equals(ALGORITHM);
        for (int i = 1; sigV4 && i < tokens.size(); i++) {
            String token = tokens.get(i);
            int eq = token.indexOf('=');
            if (eq < 0) {
                throw new Rejection(AuthFailure.INCOMPLETE_SIGNATURE, "'" + token + "' not a valid key=value pair "
                        + "(missing equal-sign) in Authorization header: '" + authorization + "'.");
            }
            String value = token.substring(eq + 1);
            switch (token.substring(0, eq)) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> { } // unknown components are ignored
            }
        }
        String dateText = header(headers, "x-amz-date");
        long dateMillis = dateText != null ? AmzDate.parseBasic(dateText) : AmzDate.INVALID;
        if (dateText == null) {
            dateText = header(headers, "date");
            dateMillis = dateText != null ? AmzDate.parseHttpDate(dateText) : AmzDate.INVALID;
        }
        StringBuilder missing = new StringBuilder();
        requireComponent(missing, credential, "Credential");
        requireComponent(missing, signature, "Signature");
        requireComponent(missing, signedHeaders, "SignedHeaders");
        if (dateText == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw new Rejection(AuthFailure.INCOMPLETE_SIGNATURE, missing + "Authorization=" + authorization);
        }
        return claim(false, credential, signedHeaders, signature, dateText, dateMillis, -1, query);
    }

    /**
     * The header's components: AWS splits it on runs of commas and white space alike (a leading
     * separator yields an empty first component, as a regular-expression split would).
     */
    static List<String> components(String header) {
        List<String> tokens = new ArrayList<>(4);
        int start = 0;
        int n = header.length();
        while (start <= n) {
            int end = start;
            while (end < n && !isSeparator(header.charAt(end))) {
                end++;
            }
            if (end > start || start == 0) {
                tokens.add(header.substring(start, end));
            }
            while (end < n && isSeparator(header.charAt(end))) {
                end++;
            }
            if (end == n) {
                break;
            }
            start = end;
        }
        if (n > 0 && tokens.size() == 1 && tokens.getFirst().isEmpty()) {
            tokens.clear(); // separators only: the regular-expression split drops trailing empty components
        }
        return tokens;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static SignatureClaim parseQuery(List<QueryParameter> query) {
        String algorithm = QueryParameter.first(query, X_AMZ_ALGORITHM);
        String credential = QueryParameter.first(query, X_AMZ_CREDENTIAL);
        String signature = QueryParameter.first(query, X_AMZ_SIGNATURE);
        String signedHeaders = QueryParameter.first(query, X_AMZ_SIGNED_HEADERS);
        String date = QueryParameter.first(query, X_AMZ_DATE);
        StringBuilder missing = new StringBuilder();
        requireParameter(missing, algorithm, X_AMZ_ALGORITHM);
        requireParameter(missing, credential, X_AMZ_CREDENTIAL);
        requireParameter(missing, signature, X_AMZ_SIGNATURE);
        requireParameter(missing, signedHeaders, X_AMZ_SIGNED_HEADERS);
        requireParameter(missing, date, X_AMZ_DATE);
        if (!missing.isEmpty()) {
            throw new Rejection(AuthFailure.INCOMPLETE_SIGNATURE, missing + "Re-examine the query-string parameters.");
        }
        if (!algorithm.equals(ALGORITHM)) {
            throw new Rejection(AuthFailure.INCOMPLETE_SIGNATURE,
                                "X-Amz-Algorithm only supports \"" + ALGORITHM + "\"");
        }
        long expires = parseExpires(QueryParameter.first(query, X_AMZ_EXPIRES));
        return claim(true, credential, signedHeaders, signature, date, AmzDate.parseBasic(date), expires, query);
    }

    private static SignatureClaim claim(boolean presigned, String credential, String signedHeaders, String signature,
                                        String dateText, long dateMillis, long expires, List<QueryParameter> query) {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5) {
            throw new Rejection(AuthFailure.INCOMPLETE_SIGNATURE, "Credential must have exactly 5 slash-delimited "
                    + "elements, e.g. keyid/date/region/service/term, got '" + credential + "'");
        }
        if (dateMillis == AmzDate.INVALID) {
            throw new Rejection(AuthFailure.INCOMPLETE_SIGNATURE, "Date must be in ISO-8601 'basic format'. Got '"
                    + dateText + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        if (!hasHost(signedHeaders)) {
            throw new Rejection(AuthFailure.INCOMPLETE_SIGNATURE,
                                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return new SignatureClaim(presigned, scope[0], scope[1], scope[2], scope[3], scope[4], signedHeaders,
                                  signature, basicForm(dateText, dateMillis), dateMillis, expires, query);
    }

    /** The date in ISO-8601 basic form: the text itself when it already is (the usual case), else reformatted. */
    private static String basicForm(String dateText, long dateMillis) {
        return AmzDate.parseBasic(dateText) == dateMillis ? dateText : AmzDate.format(dateMillis);
    }

    private static long parseExpires(String text) {
        if (text == null) {
            return -1;
        }
        long seconds;
        try {
            seconds = Long.parseLong(text);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0) {
            throw new Rejection(AuthFailure.INCOMPLETE_SIGNATURE, "X-Amz-Expires should be a number");
        }
        if (seconds > MAX_EXPIRES_SECONDS) {
            throw new Rejection(AuthFailure.INCOMPLETE_SIGNATURE,
                                "X-Amz-Expires must be less than a week (in seconds) that is " + MAX_EXPIRES_SECONDS);
        }
        return seconds;
    }

    private static boolean hasHost(String signedHeaders) {
        for (String name : signedHeaders.split(";")) {
            if (name.equals("host") || name.equals(":authority")) {
                return true;
            }
        }
        return false;
    }

    private static void requireComponent(StringBuilder missing, String value, String name) {
        if (value == null) {
            missing.append("Authorization header requires '").append(name).append("' parameter. ");
        }
    }

    private static void requireParameter(StringBuilder missing, String value, String name) {
        if (value == null) {
            missing.append("AWS query-string parameters must include '").append(name).append("'. ");
        }
    }

    /** The first value of a header, or null if absent. */
    static String header(Map<String, List<String>> headers, String name) {
        List<String> values = headers == null ? null : headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
