package sluice.core.sns.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles the value array of one key into a {@link KeyRule}, validating every entry with the texts AWS returns. The
 * texts are those AWS answered for invalid policies (recorded against AWS in LocalStack's SNS filter policy tests) and,
 * where no recording exists, those of AWS's open-source rule engine (aws/event-ruler, {@code JsonRuleCompiler}) that
 * produced the recorded ones. Entries are checked in document order, the first error wins.
 */
final class RuleParser {
    private static final Set<String> ANYTHING_BUT_OPERATORS = Set.of("equals-ignore-case", "prefix", "suffix", "wildcard");
    private static final String ONE_KEY = "Only one key allowed in match expression";
    private static final String TOO_MANY_NUMERIC = "Too many elements in numeric expression";

    private RuleParser() {}

    static KeyRule compile(String path, List<?> entries) {
        List<Matcher> matchers = new ArrayList<>();
        List<Wildcard> wildcards = new ArrayList<>();
        boolean absence = false;
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> expression) {
                Matcher m = expression(expression, wildcards);
                if (m == null) {
                    absence = true;
                } else {
                    matchers.add(m);
                }
            } else if (entry instanceof String s) {
                matchers.add(Matcher.ExactString.of(s));
            } else if (entry instanceof BigDecimal n) {
                matchers.add(new Matcher.ExactNumber(n));
            } else if (entry instanceof List<?>) {
                throw new FilterPolicyException("Match value must be String, number, true, false, or null");
            } else {
                matchers.add(new Matcher.ExactLiteral(Value.ofJson(entry)));
            }
        }
        if (entries.isEmpty()) {
            throw new FilterPolicyException("Empty arrays are not allowed");
        }
        return new KeyRule(path, List.copyOf(matchers), absence, entries.size(), List.copyOf(wildcards));
    }

    /** One {@code {"operator": operand}} entry; {@code null} stands for {@code "exists": false}. */
    private static Matcher expression(Map<?, ?> expression, List<Wildcard> wildcards) {
        Iterator<? extends Map.Entry<?, ?>> it = expression.entrySet().iterator();
        if (!it.hasNext()) {
            throw new FilterPolicyException("Match expression name not found");
        }
        Map.Entry<?, ?> first = it.next();
        String operator = (String) first.getKey();
        Object operand = first.getValue();
        boolean more = it.hasNext();
        switch (operator) {
            case "prefix", "suffix", "equals-ignore-case" -> {
                String text = string(operator, operand);
                onlyOne(more);
                return switch (operator) {
                    case "prefix" -> new Matcher.Prefix(text);
                    case "suffix" -> new Matcher.Suffix(text);
                    default -> new Matcher.EqualsIgnoreCase(text);
                };
            }
            case "wildcard" -> {
                Wildcard w = Wildcard.parse(string(operator, operand));
                onlyOne(more);
                wildcards.add(w);
                return w;
            }
            case "numeric" -> {
                if (!(operand instanceof List<?> terms)) {
                    throw new FilterPolicyException("Value of numeric must be an array.");
                }
                NumericRange range = numeric(terms);
                if (more) {
                    throw new FilterPolicyException(TOO_MANY_NUMERIC);
                }
                return range;
            }
            case "anything-but" -> {
                Matcher m = anythingBut(operand, wildcards);
                if (more) {
                    throw new FilterPolicyException(TOO_MANY_NUMERIC);
                }
                return m;
            }
            case "exists" -> {
                if (!(operand instanceof Boolean exists)) {
                    throw new FilterPolicyException("exists match pattern must be either true or false.");
                }
                onlyOne(more);
                return exists ? new Matcher.Present() : null;
            }
            case "cidr" -> {
                // AWS's engine reports a non-string cidr with the prefix text.
                if (!(operand instanceof String cidr)) {
                    throw new FilterPolicyException("prefix match pattern must be a string");
                }
                Cidr c = Cidr.parse(cidr);
                onlyOne(more);
                return c;
            }
            default -> throw new FilterPolicyException("Unrecognized match type " + operator);
        }
    }

    private static String string(String operator, Object operand) {
        if (!(operand instanceof String s)) {
            throw new FilterPolicyException(operator + " match pattern must be a string");
        }
        return s;
    }

    private static void onlyOne(boolean more) {
        if (more) {
            throw new FilterPolicyException(ONE_KEY);
        }
    }

    /** {@code "numeric": [op, value]} or {@code [">"|">=", bottom, "<"|"<=", top]}. */
    private static NumericRange numeric(List<?> terms) {
        if (terms.isEmpty() || !(terms.get(0) instanceof String operator)) {
            throw new FilterPolicyException("Invalid member in numeric match: " + (terms.isEmpty() ? "]" : text(terms.get(0))));
        }
        Object first = terms.size() > 1 ? terms.get(1) : null;
        switch (operator) {
            case "=", "<", "<=" -> {
                if (!(first instanceof BigDecimal value)) {
                    throw new FilterPolicyException("Value of " + ("=".equals(operator) ? "equals" : operator) + " must be numeric");
                }
                if (terms.size() > 2) {
                    throw new FilterPolicyException(TOO_MANY_NUMERIC);
                }
                NumericRange.checked(value);
                return switch (operator) {
                    case "=" -> NumericRange.equal(value);
                    case "<" -> new NumericRange(null, false, value, true);
                    default -> new NumericRange(null, false, value, false);
                };
            }
            case ">", ">=" -> {
                if (!(first instanceof BigDecimal bottom)) {
                    throw new FilterPolicyException("Value of " + operator + " must be numeric");
                }
                boolean openBottom = ">".equals(operator);
                if (terms.size() == 2) {
                    return new NumericRange(NumericRange.checked(bottom), openBottom, null, false);
                }
                if (!(terms.get(2) instanceof String topOperator)) {
                    throw new FilterPolicyException("Bad value in numeric range: " + text(terms.get(2)));
                }
                if (!"<".equals(topOperator) && !"<=".equals(topOperator)) {
                    throw new FilterPolicyException("Bad numeric range operator: " + topOperator);
                }
                if (terms.size() < 4 || !(terms.get(3) instanceof BigDecimal top)) {
                    throw new FilterPolicyException("Value of " + topOperator + " must be numeric");
                }
                if (terms.size() > 4) {
                    throw new FilterPolicyException("Too many terms in numeric range expression");
                }
                NumericRange.checked(bottom);
                NumericRange.checked(top);
                if (NumericRange.key(bottom) >= NumericRange.key(top)) {
                    throw new FilterPolicyException("Bottom must be less than top");
                }
                return new NumericRange(bottom, openBottom, top, "<".equals(topOperator));
            }
            default -> throw new FilterPolicyException("Unrecognized numeric range operator: " + operator);
        }
    }

    private static Matcher anythingBut(Object operand, List<Wildcard> wildcards) {
        if (operand instanceof Map<?, ?> inner) {
            Iterator<? extends Map.Entry<?, ?>> it = inner.entrySet().iterator();
            if (!it.hasNext()) {
                throw new FilterPolicyException("Anything-But expression name not found");
            }
            Map.Entry<?, ?> first = it.next();
            String operator = (String) first.getKey();
            if (!ANYTHING_BUT_OPERATORS.contains(operator)) {
                throw new FilterPolicyException("Unsupported anything-but pattern: " + operator);
            }
            List<Matcher> excluded = new ArrayList<>();
            if (first.getValue() instanceof List<?> list) {
                for (Object item : list) {
                    if (!(item instanceof String s)) {
                        throw new FilterPolicyException(switch (operator) {
                            case "equals-ignore-case" ->
                                    "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.";
                            case "wildcard" -> "wildcard match pattern must be a string";
                            default -> "prefix/suffix match pattern must be a string";
                        });
                    }
                    excluded.add(excluded(operator, s, wildcards));
                }
            } else {
                excluded.add(excluded(operator, string(operator, first.getValue()), wildcards));
            }
            if (it.hasNext()) {
                throw new FilterPolicyException(TOO_MANY_NUMERIC);
            }
            return new Matcher.AnythingBut(List.copyOf(excluded));
        }
        if (operand instanceof List<?> list) {
            boolean strings = false;
            boolean numbers = false;
            List<Matcher> excluded = new ArrayList<>();
            for (Object item : list) {
                if (item instanceof String s) {
                    strings = true;
                    excluded.add(Matcher.ExactString.of(s));
                } else if (item instanceof BigDecimal n) {
                    numbers = true;
                    excluded.add(new Matcher.ExactNumber(NumericRange.checked(n)));
                } else {
                    throw new FilterPolicyException("Inside anything but list, start|null|boolean is not supported.");
                }
            }
            if (strings == numbers) {
                throw new FilterPolicyException(
                        "Inside anything but list, either all values are number or string, mixed type is not supported");
            }
            return new Matcher.AnythingBut(List.copyOf(excluded));
        }
        if (operand instanceof String s) {
            return new Matcher.AnythingBut(List.of(Matcher.ExactString.of(s)));
        }
        if (operand instanceof BigDecimal n) {
            return new Matcher.AnythingBut(List.of(new Matcher.ExactNumber(NumericRange.checked(n))));
        }
        throw new FilterPolicyException("Value of anything-but must be an array or single string/number value.");
    }

    private static Matcher excluded(String operator, String text, List<Wildcard> wildcards) {
        if (text.isEmpty() && ("prefix".equals(operator) || "suffix".equals(operator))) {
            throw new FilterPolicyException("Null prefix/suffix not allowed");
        }
        return switch (operator) {
            case "prefix" -> new Matcher.Prefix(text);
            case "suffix" -> new Matcher.Suffix(text);
            case "equals-ignore-case" -> new Matcher.EqualsIgnoreCase(text);
            default -> {
                Wildcard w = Wildcard.parse(text);
                wildcards.add(w);
                yield w;
            }
        };
    }

    /** How AWS's JSON reader prints the offending token. */
    private static String text(Object token) {
        if (token instanceof Map<?, ?>) {
            return "{";
        }
        if (token instanceof List<?>) {
            return "[";
        }
        return String.valueOf(token);
    }
}
