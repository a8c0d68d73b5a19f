package sluice.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One {@code name=value} pair of a raw query string, both decoded (for reading the {@code X-Amz-*}
 * parameters) and in SigV4's canonical encoding (for the canonical query string).
 */
record QueryParameter(String name, String value, String canonicalName, String canonicalValue) {

    private static final Comparator<QueryParameter> CANONICAL_ORDER =
            Comparator.comparing(QueryParameter::canonicalName).thenComparing(QueryParameter::canonicalValue);

    /** The parameters of {@code rawQuery} in order of appearance; pairs with an empty name are dropped. */
    static List<QueryParameter> parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        List<QueryParameter> out = new ArrayList<>();
        int start = 0;
        int length = rawQuery.length();
        while (start <= length) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                int nameEnd = eq >= 0 && eq < end ? eq : end;
                byte[] name = UriEncoding.percentDecode(rawQuery.substring(start, nameEnd));
                byte[] value = nameEnd < end ? UriEncoding.percentDecode(rawQuery.substring(nameEnd + 1, end))
                                             : new byte[0];
                if (name.length > 0) {
                    out.add(of(name, value));
                }
            }
            start = end + 1;
        }
        return out;
    }

    /** The decoded value of the first parameter called {@code name}, or null. */
    static String first(List<QueryParameter> params, String name) {
        for (QueryParameter p : params) {
            if (p.name.equals(name)) {
                return p.value;
            }
        }
        return null;
    }

    /** The canonical query string: encoded pairs sorted by name then value, minus any named {@code excluded}. */
    static String canonicalQuery(List<QueryParameter> params, String excluded) {
        if (params.isEmpty()) {
            return "";
        }
        List<QueryParameter> sorted = new ArrayList<>(params.size());
        for (QueryParameter p : params) {
            if (!p.name.equals(excluded)) {
                sorted.add(p);
            }
        }
        sorted.sort(CANONICAL_ORDER);
        StringBuilder out = new StringBuilder(64 * sorted.size());
        for (QueryParameter p : sorted) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(p.canonicalName).append('=').append(p.canonicalValue);
        }
        return out.toString();
    }

    private static QueryParameter of(byte[] name, byte[] value) {
        StringBuilder canonicalName = new StringBuilder(name.length + 8);
        UriEncoding.appendEncoded(canonicalName, name);
        StringBuilder canonicalValue = new StringBuilder(value.length + 8);
        UriEncoding.appendEncoded(canonicalValue, value);
        return new QueryParameter(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8),
                                  canonicalName.toString(), canonicalValue.toString());
    }
}
