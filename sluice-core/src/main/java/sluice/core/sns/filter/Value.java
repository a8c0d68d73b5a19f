package sluice.core.sns.filter;

import java.math.BigDecimal;

/** One typed value of a message: an attribute value, a {@code String.Array} element, or a leaf of a JSON body. */
sealed interface Value {
    record Str(String text) implements Value {}

    record Num(BigDecimal number) implements Value {}

    record Bool(boolean truth) implements Value {}

    enum Null implements Value { INSTANCE }

    /**
     * Whether the value makes its key "exist". AWS: for {@code "exists": true} "the key must have a non-null and
     * non-empty value" (Key matching in Amazon SNS).
     */
    default boolean exists() {
        return !(this instanceof Null) && !(this instanceof Str s && s.text().isEmpty());
    }

    /** A JSON scalar as parsed by {@code sluice.common.Json}; {@code null} for containers. */
    static Value ofJson(Object json) {
        if (json == null) {
            return Null.INSTANCE;
        }
        if (json instanceof String s) {
            return new Str(s);
        }
        if (json instanceof BigDecimal n) {
            return new Num(n);
        }
        if (json instanceof Boolean b) {
            return new Bool(b);
        }
        return null;
    }
}
