package sluice.core.sns.filter;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The {@code numeric} operator, and the number rules every numeric comparison shares. AWS ("Filter policy
 * constraints in Amazon SNS"): "the value can range from -10^9 to 10^9 (-1 billion to 1 billion), with five digits of
 * accuracy after the decimal point". Numbers are compared on a comparable key, {@code floor((x + 1e9) * 1e5)}, the
 * way AWS's rule engine turns numbers into fixed-precision keys; a message number outside the range has no key and so
 * matches no range.
 *
 * @param low the bottom, or {@code null} when unbounded
 * @param high the top, or {@code null} when unbounded
 */
record NumericRange(BigDecimal low, boolean lowOpen, BigDecimal high, boolean highOpen) implements Matcher {
    private static final BigDecimal LIMIT = new BigDecimal("1000000000");
    /** Java's {@code Double.toString(-1e9)} and {@code (1e9)}, as AWS's message prints them. */
    static final String RANGE_MESSAGE = "Value must be between -1.0E9 and 1.0E9, inclusive";

    static NumericRange equal(BigDecimal value) {
        return new NumericRange(value, false, value, false);
    }

    @Override
    public boolean test(Value value) {
        if (!(value instanceof Value.Num n)) {
            return false;
        }
        Long key = key(n.number());
        if (key == null) {
            return false;
        }
        if (low != null) {
            int c = Long.compare(key, key(low));
            if (c < 0 || (c == 0 && lowOpen)) {
                return false;
            }
        }
        if (high != null) {
            int c = Long.compare(key, key(high));
            if (c > 0 || (c == 0 && highOpen)) {
                return false;
            }
        }
        return true;
    }

    /** Rejects a policy number outside the documented range, with AWS's message. */
    static BigDecimal checked(BigDecimal number) {
        if (key(number) == null) {
            throw new FilterPolicyException(RANGE_MESSAGE);
        }
        return number;
    }

    /** The comparable key, or {@code null} outside [-1e9, 1e9]. */
    static Long key(BigDecimal number) {
        if (number.abs().compareTo(LIMIT) > 0) {
            return null;
        }
        return number.add(LIMIT).movePointRight(5).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** Numeric equality as AWS applies it: on the comparable key in range, exactly outside it. */
    static boolean same(BigDecimal a, BigDecimal b) {
        Long ka = key(a);
        Long kb = key(b);
        if (ka != null && kb != null) {
            return ka.longValue() == kb.longValue();
        }
        return a.compareTo(b) == 0;
    }
}
