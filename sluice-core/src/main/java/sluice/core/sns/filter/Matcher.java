package sluice.core.sns.filter;

import java.math.BigDecimal;
import java.util.List;

/**
 * One entry of a key's value array: a test on one typed message value. The entries of an array are ORed; a key
 * matches when one entry accepts one of its values. String operators only accept strings and numeric operators only
 * numbers ("String value matching", "Numeric value matching" in the Amazon SNS Developer Guide).
 */
interface Matcher {
    boolean test(Value value);

    /** An exact string; an IP literal also matches the same address written another way, as AWS's engine does. */
    record ExactString(String text, byte[] ip) implements Matcher {
        static ExactString of(String text) {
            return new ExactString(text, Cidr.looksLikeIp(text) ? Cidr.bytes(text) : null);
        }

        @Override
        public boolean test(Value value) {
            if (!(value instanceof Value.Str s)) {
                return false;
            }
            if (s.text().equals(text)) {
                return true;
            }
            if (ip == null || !Cidr.looksLikeIp(s.text())) {
                return false;
            }
            return java.util.Arrays.equals(ip, Cidr.bytes(s.text()));
        }
    }

    /** An exact number: "3.015e2" matches 301.5 (numeric exact matching). */
    record ExactNumber(BigDecimal number) implements Matcher {
        @Override
        public boolean test(Value value) {
            return value instanceof Value.Num n && NumericRange.same(n.number(), number);
        }
    }

    /** {@code true}, {@code false} or {@code null} in the policy: matches the same JSON literal. */
    record ExactLiteral(Value literal) implements Matcher {
        @Override
        public boolean test(Value value) {
            return literal.equals(value);
        }
    }

    record Prefix(String prefix) implements Matcher {
        @Override
        public boolean test(Value value) {
            return value instanceof Value.Str s && s.text().startsWith(prefix);
        }
    }

    record Suffix(String suffix) implements Matcher {
        @Override
        public boolean test(Value value) {
            return value instanceof Value.Str s && s.text().endsWith(suffix);
        }
    }

    record EqualsIgnoreCase(String text) implements Matcher {
        @Override
        public boolean test(Value value) {
            return value instanceof Value.Str s && s.text().equalsIgnoreCase(text);
        }
    }

    /** {@code "exists": true}: the key has a non-null, non-empty value. */
    record Present() implements Matcher {
        @Override
        public boolean test(Value value) {
            return value.exists();
        }
    }

    /**
     * {@code anything-but}: a present value that none of the excluded entries accepts. Like the documented pairing
     * with {@code "exists": false} implies, a missing (or null, or empty) value never matches. Values of another type
     * than the excluded ones are not excluded: {@code "anything-but": [100, 500]} matches any string.
     */
    record AnythingBut(List<Matcher> excluded) implements Matcher {
        @Override
        public boolean test(Value value) {
            if (!value.exists()) {
                return false;
            }
            for (Matcher m : excluded) {
                if (m.test(value)) {
                    return false;
                }
            }
            return true;
        }
    }
}
