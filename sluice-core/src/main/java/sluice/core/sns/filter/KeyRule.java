package sluice.core.sns.filter;

import java.util.List;

/**
 * The value array of one key: its entries are ORed. {@code matchesAbsence} is set by {@code "exists": false}.
 *
 * @param path the key, nested keys joined with {@code '.'} (AWS matches {@code {"a.b": …}} and {@code {"a": {"b":
 *     …}}} alike)
 * @param valueCount the number of entries, for the combination count
 * @param wildcards the wildcard patterns among the entries (also inside {@code anything-but}), for their complexity
 */
record KeyRule(String path, List<Matcher> matchers, boolean matchesAbsence, int valueCount, List<Wildcard> wildcards) {
    boolean test(Value value) {
        for (Matcher m : matchers) {
            if (m.test(value)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the key matches, given all the values the message has for it (attributes, or a body without arrays). */
    boolean matches(List<Value> values) {
        boolean present = false;
        for (Value v : values) {
            if (test(v)) {
                return true;
            }
            present |= v.exists();
        }
        return matchesAbsence && !present;
    }
}
