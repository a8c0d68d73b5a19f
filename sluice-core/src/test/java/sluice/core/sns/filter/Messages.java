package sluice.core.sns.filter;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers: JSON written with single quotes, and attribute maps. */
final class Messages {
    private Messages() {}

    /** JSON with {@code '} for {@code "} (no test text needs a real apostrophe). */
    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** Attributes from (name, dataType, value) triples; values go through {@link #q}. */
    static Map<String, Attribute> attrs(String... triples) {
        Map<String, Attribute> out = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            out.put(triples[i], new Attribute(triples[i + 1], q(triples[i + 2])));
        }
        return out;
    }
}
